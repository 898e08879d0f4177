// Contract: first-run setup, sign-in, users, roles and separation-of-duties rules.
import { z } from 'zod';
import { endpoint } from './define';
import { ALL_ROLES } from '../roles';

const ADMIN = ['系统管理员'] as const;
const ADMIN_OR_REVIEW = ['系统管理员', '只读审阅'] as const;

import { ORG_LEVELS } from '../org';
export { ORG_LEVELS };

export interface SetupStatus {
  initialised: boolean;
  orgName: string | null;
  orgCode: string | null;
  level: string | null;
  fiscalYear: number | null;
  demo: boolean;
  /** Only in the answer to setup.loadDemo: the demo accounts and their common password. */
  demoAccounts?: Array<{ username: string; displayName: string; title?: string; roles: string[] }>;
  demoPassword?: string;
}

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  roles: string[];
  mustChangePassword: boolean;
}

export interface UserRow {
  id: number;
  username: string;
  displayName: string;
  title: string | null;
  unitId: number | null;
  unitName: string | null;
  roles: string[];
  active: boolean;
  locked: boolean;
  lockedUntil: string | null;
  failedAttempts: number;
  mustChangePassword: boolean;
  lastSignInAt: string | null;
  createdAt: string;
}

export interface RoleRow {
  code: string;
  description: string;
  builtin: boolean;
  userCount: number;
}

export interface SodRuleRow {
  id: number;
  name: string;
  roleA: string;
  roleB: string;
  basis: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  active: boolean;
}

const username = z
  .string()
  .trim()
  .min(2, '用户名至少 2 个字符')
  .max(32, '用户名最多 32 个字符')
  .regex(/^[A-Za-z0-9_.\-\u4e00-\u9fa5]+$/, '用户名只能包含字母、数字、汉字、下划线、点和连字符');
export const password = z
  .string()
  .min(8, '密码至少 8 位')
  .max(128, '密码最多 128 位')
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), '密码须同时包含字母和数字');
const displayName = z.string().trim().min(1, '请填写姓名').max(40);
const role = z.enum(ALL_ROLES as [string, ...string[]], { error: '未知的角色' });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export const setupStatus = endpoint<SetupStatus>()({
  name: 'setup.status',
  summary: '系统是否已完成初始化及本级工会信息',
  input: z.object({}).strict(),
  access: 'public',
});

export const setupInitialise = endpoint<SetupStatus>()({
  name: 'setup.initialise',
  summary: '首次使用：登记本级工会并创建系统管理员',
  input: z
    .object({
      orgName: z.string().trim().min(2, '请填写工会名称').max(80),
      creditCode: z.string().trim().min(1, '请填写统一社会信用代码'),
      level: z.enum(ORG_LEVELS).default('县级'),
      fiscalYear: z.number().int().min(2000).max(2100),
      admin: z.object({ username, displayName, password }).strict(),
    })
    .strict(),
  access: 'public',
});

export const setupLoadDemo = endpoint<SetupStatus>()({
  name: 'setup.loadDemo',
  summary: '首次使用：打开演示数据（演示县总工会）',
  input: z.object({}).strict(),
  access: 'public',
});

export const authSignIn = endpoint<SessionUser>()({
  name: 'auth.signIn',
  summary: '登录',
  input: z.object({ username: z.string().trim().min(1, '请输入用户名'), password: z.string().min(1, '请输入密码') }).strict(),
  access: 'public',
});

export const authMe = endpoint<SessionUser | null>()({
  name: 'auth.me',
  summary: '当前登录用户',
  input: z.object({}).strict(),
  access: 'public',
});

export const authSignOut = endpoint<null>()({
  name: 'auth.signOut',
  summary: '退出登录',
  input: z.object({}).strict(),
  access: 'signed-in',
});

export const authChangePassword = endpoint<null>()({
  name: 'auth.changePassword',
  summary: '修改本人密码',
  input: z.object({ oldPassword: z.string().min(1, '请输入原密码'), newPassword: password }).strict(),
  access: 'signed-in',
});

export const usersList = endpoint<UserRow[]>()({
  name: 'users.list',
  summary: '用户列表',
  input: z.object({ includeInactive: z.boolean().default(true) }).strict(),
  access: ADMIN_OR_REVIEW,
});

export const usersCreate = endpoint<UserRow>()({
  name: 'users.create',
  summary: '新增用户',
  input: z
    .object({
      username,
      displayName,
      title: z.string().trim().max(40).nullish(),
      unitId: z.number().int().positive().nullish(),
      password,
      roles: z.array(role).default([]),
      /** An initial password set by the administrator must be changed at first sign-in. */
      mustChangePassword: z.boolean().default(true),
    })
    .strict(),
  access: ADMIN,
});

export const usersUpdate = endpoint<UserRow>()({
  name: 'users.update',
  summary: '修改用户资料',
  input: z
    .object({
      id: z.number().int().positive(),
      displayName,
      title: z.string().trim().max(40).nullish(),
      unitId: z.number().int().positive().nullish(),
      active: z.boolean(),
    })
    .strict(),
  access: ADMIN,
});

export const usersSetRoles = endpoint<UserRow>()({
  name: 'users.setRoles',
  summary: '分配用户角色',
  input: z.object({ id: z.number().int().positive(), roles: z.array(role) }).strict(),
  access: ADMIN,
});

export const usersResetPassword = endpoint<UserRow>()({
  name: 'users.resetPassword',
  summary: '重置用户密码并解除锁定',
  input: z.object({ id: z.number().int().positive(), newPassword: password }).strict(),
  access: ADMIN,
});

export const rolesList = endpoint<RoleRow[]>()({
  name: 'roles.list',
  summary: '角色列表',
  input: z.object({}).strict(),
  access: ADMIN_OR_REVIEW,
});

export const sodList = endpoint<SodRuleRow[]>()({
  name: 'sod.list',
  summary: '不相容职务（职责分离）规则列表',
  input: z.object({}).strict(),
  access: ADMIN_OR_REVIEW,
});

export const sodCreate = endpoint<SodRuleRow>()({
  name: 'sod.create',
  summary: '新增不相容职务规则',
  input: z
    .object({
      name: z.string().trim().min(2).max(60),
      roleA: role,
      roleB: role,
      basis: z.string().trim().min(2, '请写明依据').max(200),
      effectiveFrom: isoDate,
    })
    .strict()
    .refine((r) => r.roleA !== r.roleB, { message: '两个角色不能相同', path: ['roleB'] }),
  access: ADMIN,
});

export const sodRetire = endpoint<SodRuleRow>()({
  name: 'sod.retire',
  summary: '停用不相容职务规则（保留历史）',
  input: z.object({ id: z.number().int().positive(), effectiveTo: isoDate }).strict(),
  access: ADMIN,
});

export const auth = {
  setupStatus, setupInitialise, setupLoadDemo, authSignIn, authMe, authSignOut, authChangePassword,
  usersList, usersCreate, usersUpdate, usersSetRoles, usersResetPassword, rolesList, sodList, sodCreate, sodRetire,
};
