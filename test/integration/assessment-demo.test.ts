// The demo county's assessment data: this year's templates, a small service ledger and an open round.
import { describe, it, expect, afterAll } from 'vitest';
import { tempCore } from '../helpers/temp';
import { call } from '../helpers/session';
import { DEMO_PASSWORD } from '../../electron/core/domains/demo/demo';

const core = await tempCore({ now: () => new Date('2026-03-15T09:00:00+08:00') });
afterAll(async () => core.close());

describe('assessment demo', () => {
  it('seeds templates, services and an open 职工之家 round with computed items filled', async () => {
    await call(core, 'x', 'setup.loadDemo', {});
    const users = await core.db.selectFrom('app_user').select('username').execute();
    await call(core, 'd', 'auth.signIn', { username: users[1].username, password: DEMO_PASSWORD });
    const templates = await call(core, 'd', 'assessment.templates.list', { year: 2026 });
    expect(templates).toHaveLength(4);
    const services = await call(core, 'd', 'assessment.services.list', { year: 2026, pageSize: 500 });
    expect(services.total).toBeGreaterThanOrEqual(60);
    const county = await call(core, 'd', 'assessment.services.county', { year: 2026 });
    expect(county.unitsServed).toBe(20);
    const rounds = await call(core, 'd', 'assessment.rounds.list', { year: 2026 });
    expect(rounds).toHaveLength(1);
    expect(rounds[0]).toMatchObject({ status: '进行中', subjectCount: 6 });
    const computed = await core.db.selectFrom('assess_score').select('computed_score').where('computed_detail', 'is not', null).execute();
    expect(computed.length).toBe(12);
  });
});
