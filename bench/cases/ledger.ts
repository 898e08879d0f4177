// Ledger benchmarks (issue 6): filled in below.
import type { BenchCase } from '../lib';

export const ledgerCases: BenchCase<any>[] = [];
