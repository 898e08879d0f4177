// Vouchers other modules generate (createVoucher with a source) are pointed at by those modules' own
// records: collection records marked as posted, an accrual, a refund. When such a draft is voided or
// deleted in 凭证管理, or a posted one would be reversed, the module must be told — to let go of its
// records (so they can be posted again) or to refuse, naming its own way of correcting. Modules register
// here (the ledger never imports them); a module without hooks is not asked.
import type { Executor } from '../../db/tx';
import type { Actor } from '../audit/log';
import type { VoucherRecord } from './vouchers';

export interface VoucherSourceHooks {
  /** A draft of the module is about to be voided or deleted: release its records, or throw to refuse. */
  discard?(trx: Executor, actor: Actor, now: Date, v: VoucherRecord): Promise<void>;
  /** A posted voucher of the module is about to be reversed (红字冲销): throw to refuse. */
  reverse?(trx: Executor, v: VoucherRecord): Promise<void>;
}

const hooks = new Map<string, VoucherSourceHooks>();

export function registerVoucherSourceHooks(module: string, h: VoucherSourceHooks): void {
  hooks.set(module, h);
}

export function voucherSourceHooks(module: string | null): VoucherSourceHooks | undefined {
  return module ? hooks.get(module) : undefined;
}
