import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDemoCsv } from './demo-csv';
import { generateDemoCustomers } from './demo-generator';
import { readIdNumber } from './id-number';

const OPTIONS = { customers: 3_000, seed: 11, referenceDate: '2026-03-15' };

describe('writeDemoCsv', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'demo-csv-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const lines = async (file: string): Promise<string[]> => (await readFile(file, 'utf8')).trimEnd().split('\n');

  it('writes the three files with exactly the headers the importers read', async () => {
    const files = await writeDemoCsv(join(dir, 'a'), OPTIONS);
    expect((await lines(files.customersFile))[0]).toBe(
      'customer_no,id_number,name,gender,birth_date,mobile,email,city,org_unit_code,' +
        'consent_email,consent_phone,consent_sms,consent_agent_visit,do_not_contact',
    );
    expect((await lines(files.policiesFile))[0]).toBe(
      'policy_no,customer_no,product_code,premium,start_date,end_date,status,channel,org_unit_code',
    );
    expect((await lines(files.claimsFile))[0]).toBe('claim_no,policy_no,claim_date,amount,status');
  });

  it('writes one line per generated row, with the same values', async () => {
    const files = await writeDemoCsv(join(dir, 'b'), OPTIONS);
    const generated = [...generateDemoCustomers(OPTIONS)];
    const policies = generated.flatMap((c) => c.policies);
    expect(await lines(files.customersFile)).toHaveLength(OPTIONS.customers + 1);
    expect(await lines(files.policiesFile)).toHaveLength(policies.length + 1);
    expect(await lines(files.claimsFile)).toHaveLength(policies.flatMap((p) => p.claims).length + 1);

    const [, first] = await lines(files.customersFile);
    const fields = first.split(',');
    expect(fields).toHaveLength(14);
    expect(fields.slice(0, 3)).toEqual([generated[0].customerNo, generated[0].idNumber, generated[0].name]);
    expect(readIdNumber(fields[1])).toEqual({ gender: fields[3], birthDate: fields[4] });
    expect(fields.slice(9).every((value) => value === 'true' || value === 'false')).toBe(true);
  });

  it('writes byte-identical files for the same seed and size, and different ones for another seed', async () => {
    const one = await writeDemoCsv(join(dir, 'c1'), OPTIONS);
    const two = await writeDemoCsv(join(dir, 'c2'), OPTIONS);
    const other = await writeDemoCsv(join(dir, 'c3'), { ...OPTIONS, seed: 12 });
    for (const key of ['customersFile', 'policiesFile', 'claimsFile'] as const) {
      expect((await readFile(two[key])).equals(await readFile(one[key]))).toBe(true);
      expect((await readFile(other[key])).equals(await readFile(one[key]))).toBe(false);
    }
  });
});
