// Demo data of this domain, loaded by `demo` after the demo county's units and users exist.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema';

export async function loadAssessmentDemo(_trx: Transaction<DB>, _now: Date): Promise<void> {}
