import { once } from 'node:events';
import { createWriteStream, WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { DemoOptions, generateDemoCustomers, yuan } from './demo-generator';

/** The headers the customer, policy and claim importers read. */
export const CUSTOMER_CSV_HEADER =
  'customer_no,id_number,name,gender,birth_date,mobile,email,city,org_unit_code,' +
  'consent_email,consent_phone,consent_sms,consent_agent_visit,do_not_contact';
export const POLICY_CSV_HEADER = 'policy_no,customer_no,product_code,premium,start_date,end_date,status,channel,org_unit_code';
export const CLAIM_CSV_HEADER = 'claim_no,policy_no,claim_date,amount,status';

export interface DemoCsvFiles {
  customersFile: string;
  policiesFile: string;
  claimsFile: string;
}

const FLUSH_AT = 1 << 16;

/** Buffers lines into large writes and waits for the file to drain, so memory stays flat. */
class CsvFile {
  private readonly stream: WriteStream;
  private buffer = '';

  constructor(readonly path: string, header: string) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
    this.buffer = header + '\n';
  }

  async line(text: string): Promise<void> {
    this.buffer += text + '\n';
    if (this.buffer.length >= FLUSH_AT) await this.flush();
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await finished(this.stream);
  }

  abandon(): void {
    this.stream.destroy();
  }

  private async flush(): Promise<void> {
    const chunk = this.buffer;
    this.buffer = '';
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }
}

/**
 * Writes the demo customers, policies and claims as the three import CSV files in
 * `dir`. Generated values never contain commas, quotes or line breaks, so no field
 * needs quoting.
 */
export async function writeDemoCsv(dir: string, options: DemoOptions): Promise<DemoCsvFiles> {
  await mkdir(dir, { recursive: true });
  const customers = new CsvFile(join(dir, 'customers.csv'), CUSTOMER_CSV_HEADER);
  const policies = new CsvFile(join(dir, 'policies.csv'), POLICY_CSV_HEADER);
  const claims = new CsvFile(join(dir, 'claims.csv'), CLAIM_CSV_HEADER);
  const files = [customers, policies, claims];
  try {
    for (const c of generateDemoCustomers(options)) {
      await customers.line(
        `${c.customerNo},${c.idNumber},${c.name},${c.gender},${c.birthDate},${c.mobile},${c.email ?? ''},${c.city},` +
          `${c.orgUnitCode},${c.consentEmail},${c.consentPhone},${c.consentSms},${c.consentAgentVisit},${c.doNotContactAt !== null}`,
      );
      for (const p of c.policies) {
        await policies.line(
          `${p.policyNo},${c.customerNo},${p.productCode},${yuan(p.premiumCents)},${p.startDate},${p.endDate},` +
            `${p.status},${p.channel},${c.orgUnitCode}`,
        );
        for (const l of p.claims) await claims.line(`${l.claimNo},${p.policyNo},${l.claimDate},${yuan(l.amountCents)},${l.status}`);
      }
    }
  } catch (err) {
    for (const file of files) file.abandon();
    throw err;
  }
  await Promise.all(files.map((file) => file.close()));
  return { customersFile: customers.path, policiesFile: policies.path, claimsFile: claims.path };
}
