import { DEMO_LOGINS } from '@lib/demo';

/** Prints the demo logins for `npm start`'s welcome message. */
const width = Math.max(...DEMO_LOGINS.map((login) => login.username.length));
console.log('  Demo logins (password for all: ' + DEMO_LOGINS[0].password + '):');
for (const login of DEMO_LOGINS) {
  console.log(`    ${login.username.padEnd(width)}  ${login.role.padEnd(16)}  ${login.unit}`);
}
console.log('  Every city and county also has a branch executor: exec.<unit code>, e.g. exec.js0108 (docs/demo-data.md).');
