/** The product mark: a rising line in a blue square, with the product name beside it. */
export function Logo({ collapsed, title }: { collapsed: boolean; title: string }) {
  return (
    <div style={{ height: 56, display: 'flex', alignItems: 'center', gap: 10, padding: collapsed ? '0 20px' : '0 20px', overflow: 'hidden' }}>
      <svg width="24" height="24" viewBox="0 0 32 32" style={{ flex: 'none' }} aria-hidden>
        <rect width="32" height="32" rx="6" fill="#1677ff" />
        <path d="M8 22l6-7 4 4 6-9" stroke="#fff" strokeWidth="2.6" fill="none" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      {!collapsed && <span style={{ color: '#fff', fontWeight: 600, fontSize: 16, whiteSpace: 'nowrap' }}>{title}</span>}
    </div>
  );
}
