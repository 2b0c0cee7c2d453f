/** The demo's product catalogue: the seven codes the tests use, with their lines. */
export interface DemoProduct {
  code: string;
  name: string;
  nameEn: string;
  line: 'motor_compulsory' | 'motor_commercial' | 'home' | 'accident' | 'health' | 'travel' | 'liability';
}

export const DEMO_PRODUCTS: readonly DemoProduct[] = [
  { code: 'JQX', name: '机动车交通事故责任强制保险', nameEn: 'Compulsory motor traffic insurance', line: 'motor_compulsory' },
  { code: 'SYX', name: '机动车商业保险', nameEn: 'Commercial motor insurance', line: 'motor_commercial' },
  { code: 'JCX', name: '家庭财产综合保险', nameEn: 'Home property insurance', line: 'home' },
  { code: 'YWX', name: '个人意外伤害保险', nameEn: 'Personal accident insurance', line: 'accident' },
  { code: 'JKX', name: '短期医疗健康保险', nameEn: 'Short-term health insurance', line: 'health' },
  { code: 'LYX', name: '境内外旅行意外保险', nameEn: 'Travel insurance', line: 'travel' },
  { code: 'ZRX', name: '个人及家庭责任保险', nameEn: 'Personal liability insurance', line: 'liability' },
];
