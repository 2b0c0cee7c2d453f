import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { loadDemoOrg } from '@lib/demo';
import { PlatformModule } from '@lib/platform';
import { resetState } from '../../test/support/fixtures';
import { CapacityModule } from './capacity.module';
import { ChannelCapacityService } from './channel-capacity.service';
import { seedDemoCapacity } from './demo-capacity';

describe(seedDemoCapacity.name, () => {
  let app: INestApplicationContext;
  let db: DataSource;

  beforeAll(async () => {
    app = await (await Test.createTestingModule({ imports: [PlatformModule, CapacityModule] }).compile()).init();
    db = await resetState(app);
    await loadDemoOrg(db);
  });

  afterAll(async () => {
    await app.close();
  });

  it('gives every city a call centre, every county agent visits, and every channel a default cost', async () => {
    const set = await seedDemoCapacity(db);
    const [{ cities, counties }] = await db.query(
      `SELECT count(*) FILTER (WHERE level = 3)::int AS cities, count(*) FILTER (WHERE level = 4)::int AS counties FROM org_units`,
    );
    expect(set).toBe(cities + counties);
    const [{ phone }] = await db.query(`SELECT count(*)::int AS phone FROM channel_capacity_defaults WHERE channel = 'phone' AND daily_capacity = 300`);
    expect(phone).toBe(cities);
    await expect(app.get(ChannelCapacityService).settings()).resolves.toEqual([
      { channel: 'email', defaultCostPerContact: '0.05' },
      { channel: 'phone', defaultCostPerContact: '3.50' },
      { channel: 'web', defaultCostPerContact: '0.02' },
      { channel: 'agent_visit', defaultCostPerContact: '30.00' },
    ]);
  });
});
