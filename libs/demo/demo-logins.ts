import { Role } from '@lib/auth';
import { HEAD_OFFICE_CODE, JIANGSU_CITIES, PROVINCE_CODE } from './jiangsu-org';

/** The password of every demo user; printed by `npm start`, documented in docs/demo-data.md. */
export const DEMO_PASSWORD = 'Demo@2026';

export interface DemoLogin {
  username: string;
  displayName: string;
  role: Role;
  unitCode: string;
  unit: string;
  password: string;
}

function login(username: string, displayName: string, role: Role, unitCode: string, unit: string): DemoLogin {
  return { username, displayName, role, unitCode, unit, password: DEMO_PASSWORD };
}

/** The named demo logins, one per role and level worth trying. */
export const DEMO_LOGINS: readonly DemoLogin[] = [
  login('admin', '系统管理员', Role.Admin, PROVINCE_CODE, '江苏省分公司'),
  login('cm.province', '刘建华', Role.CampaignManager, PROVINCE_CODE, '江苏省分公司'),
  login('sm.province', '陈静', Role.SegmentManager, PROVINCE_CODE, '江苏省分公司'),
  login('ch.province', '王磊', Role.ChannelManager, PROVINCE_CODE, '江苏省分公司'),
  login('reviewer.province', '赵志强', Role.Reviewer, PROVINCE_CODE, '江苏省分公司'),
  login('analyst.province', '孙悦', Role.Analyst, PROVINCE_CODE, '江苏省分公司'),
  login('cm.nanjing', '周敏', Role.CampaignManager, 'JS01', '南京分公司'),
  // Approval goes by amount (city, then province, then head office): a reviewer at each level.
  login('reviewer.nanjing', '钱芳', Role.Reviewer, 'JS01', '南京分公司'),
  login('reviewer.hq', '李国栋', Role.Reviewer, HEAD_OFFICE_CODE, '总公司'),
  login('exec.nanjing', '吴涛', Role.BranchExecutor, 'JS01', '南京分公司'),
  login('exec.jiangning', '郑浩', Role.BranchExecutor, 'JS0108', '江宁支公司'),
  login('exec.pukou', '冯丽', Role.BranchExecutor, 'JS0105', '浦口支公司'),
  login('agent.jiangning', '马晓燕', Role.CallAgent, 'JS0108', '江宁支公司'),
  login('exec.suzhou', '何俊', Role.BranchExecutor, 'JS05', '苏州分公司'),
];

/**
 * Every demo user: the named logins plus one branch executor per city and county
 * branch, named by rule `exec.<unit code in lower case>` (exec.js01 for 南京分公司,
 * exec.js0108 for 江宁支公司).
 */
export function demoUsers(): DemoLogin[] {
  const users = [...DEMO_LOGINS];
  for (const c of JIANGSU_CITIES) {
    const cityUnit = `${c.city}分公司`;
    users.push(login(`exec.${c.code.toLowerCase()}`, `${cityUnit}营销专员`, Role.BranchExecutor, c.code, cityUnit));
    for (const county of c.counties) {
      const countyUnit = `${county.name}支公司`;
      users.push(login(`exec.${county.code.toLowerCase()}`, `${countyUnit}营销专员`, Role.BranchExecutor, county.code, countyUnit));
    }
  }
  return users;
}
