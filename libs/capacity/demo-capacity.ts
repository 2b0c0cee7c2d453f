import { DataSource } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { ChannelCapacityService } from './channel-capacity.service';

/** Calls one call-centre seat makes in a day. */
const CALLS_PER_SEAT = 60;
/** Visits the agents of one county make in a day. */
const VISITS_PER_COUNTY = 20;
const DEFAULT_COSTS = { email: '0.05', phone: '3.50', web: '0.02', agent_visit: '30.00' } as const;

/**
 * The demo's channel capacities, set by the province channel manager through the same
 * service the API uses: a call centre in every city with seats in proportion to its
 * customers (5 at least), agent visits in every county, and each channel's default
 * cost per contact. Email and web are left unlimited. Returns the capacities set.
 */
export async function seedDemoCapacity(dataSource: DataSource, channelManagerUsername = 'ch.province'): Promise<number> {
  const [manager] = await dataSource.query(
    `SELECT u.id, o.id AS unit_id, o.path FROM users u JOIN org_units o ON o.id = u.org_unit_id WHERE u.username = $1`,
    [channelManagerUsername],
  );
  if (!manager) return 0;
  const scope = new OrgScope(manager.unit_id, manager.path);
  const capacity = new ChannelCapacityService(dataSource);
  for (const [channel, cost] of Object.entries(DEFAULT_COSTS)) await capacity.setCost(manager.id, channel as keyof typeof DEFAULT_COSTS, cost);
  const units: { id: number; level: number; customers: number }[] = await dataSource.query(
    `SELECT u.id, u.level, (SELECT count(*)::int FROM customers k JOIN org_units s ON s.id = k.org_unit_id WHERE s.path LIKE u.path || '%') AS customers
     FROM org_units u WHERE u.path LIKE $1 AND u.level IN (3, 4) ORDER BY u.path`,
    [scope.pathPattern],
  );
  let set = 0;
  for (const unit of units) {
    if (unit.level === 3) {
      const seats = Math.max(5, Math.round(unit.customers / 2000));
      await capacity.setDefault(scope, manager.id, 'phone', unit.id, { seats, contactsPerSeat: CALLS_PER_SEAT });
    } else {
      await capacity.setDefault(scope, manager.id, 'agent_visit', unit.id, { dailyCapacity: VISITS_PER_COUNTY });
    }
    set += 1;
  }
  return set;
}
