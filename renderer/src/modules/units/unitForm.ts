// A unit as the edit form holds it (texts, the payroll typed in 元, the founding date as a dayjs) and
// back to the contract's input (payroll in integer fen via parseFen, never floating point).
import dayjs, { type Dayjs } from 'dayjs';
import type { UnitDetail, UnitFieldsInput } from '../../../../shared/contract';
import { formatFen, tryParseFen } from '../../../../shared/money';
import { normalizeCreditCode } from '../../../../shared/validate/creditCode';
import type { UnitKind } from '../../../../shared/units';

export interface UnitFormValues {
  code?: string;
  name?: string;
  shortName?: string;
  kind?: UnitKind;
  orgType?: string | null;
  ownership?: '国有' | '非公' | null;
  creditCode?: string;
  unionCreditCode?: string;
  parentId?: number | null;
  unionFoundedOn?: Dayjs | null;
  unionStatus?: '已建会' | '筹建中' | '未建会' | null;
  chair?: string;
  memberCount?: number | null;
  staffCount?: number | null;
  /** 月工资总额 as typed, in 元 ("1,234.50"). */
  payroll?: string;
  bankName?: string;
  bankAccount?: string;
  contactPerson?: string;
  contactPhone?: string;
  address?: string;
  notes?: string;
}

export const NEW_UNIT_VALUES: UnitFormValues = {
  kind: '基层工会',
  orgType: '企业',
  unionStatus: '已建会',
  parentId: null,
};

export function toFormValues(u: UnitDetail): UnitFormValues {
  return {
    code: u.code,
    name: u.name,
    shortName: u.shortName ?? '',
    kind: u.kind as UnitKind,
    orgType: u.orgType,
    ownership: (u.ownership as UnitFormValues['ownership']) ?? null,
    creditCode: u.creditCode ?? '',
    unionCreditCode: u.unionCreditCode ?? '',
    parentId: u.parentId,
    unionFoundedOn: u.unionFoundedOn ? dayjs(u.unionFoundedOn) : null,
    unionStatus: (u.unionStatus as UnitFormValues['unionStatus']) ?? null,
    chair: u.chair ?? '',
    memberCount: u.memberCount,
    staffCount: u.staffCount,
    payroll: u.payrollBaseFen === null ? '' : formatFen(u.payrollBaseFen),
    bankName: u.bankName ?? '',
    bankAccount: u.bankAccount ?? '',
    contactPerson: u.contactPerson ?? '',
    contactPhone: u.contactPhone ?? '',
    address: u.address ?? '',
    notes: u.notes ?? '',
  };
}

const text = (v: string | undefined | null): string | null => {
  const t = (v ?? '').trim();
  return t === '' ? null : t;
};

/** The form's values as units.create/units.update input (the form has been validated). */
export function fromFormValues(v: UnitFormValues): UnitFieldsInput {
  const payrollText = text(v.payroll);
  let payrollBaseFen: number | null = null;
  if (payrollText !== null) {
    const r = tryParseFen(payrollText);
    if (!r.ok) throw new Error(r.message);
    payrollBaseFen = r.fen;
  }
  const credit = text(v.creditCode);
  const unionCredit = text(v.unionCreditCode);
  return {
    code: text(v.code),
    name: (v.name ?? '').trim(),
    shortName: text(v.shortName),
    kind: v.kind ?? '基层工会',
    orgType: v.orgType ?? null,
    ownership: v.ownership ?? null,
    creditCode: credit === null ? null : normalizeCreditCode(credit),
    unionCreditCode: unionCredit === null ? null : normalizeCreditCode(unionCredit),
    parentId: v.parentId ?? null,
    unionFoundedOn: v.unionFoundedOn ? v.unionFoundedOn.format('YYYY-MM-DD') : null,
    unionStatus: v.unionStatus ?? null,
    chair: text(v.chair),
    memberCount: v.memberCount ?? null,
    staffCount: v.staffCount ?? null,
    payrollBaseFen,
    bankName: text(v.bankName),
    bankAccount: text(v.bankAccount),
    contactPerson: text(v.contactPerson),
    contactPhone: text(v.contactPhone),
    address: text(v.address),
    notes: text(v.notes),
  };
}

/** The core's field name in an error detail → the form's field. */
export function formFieldOf(path: string): string | null {
  if (path === 'parent' || path === 'parentId') return 'parentId';
  if (path === 'payrollBaseFen') return 'payroll';
  return path;
}
