import type { ErrorDetail } from '../../shared/contract/define';

/** An error meant for the user: a stable code plus a Chinese message (and optional details). */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what}不存在或已被删除。`);
export const invalid = (message: string, details?: ErrorDetail[]) => new AppError('VALIDATION', message, details);
export const conflict = (message: string) => new AppError('CONFLICT', message);
export const forbidden = (message: string) => new AppError('FORBIDDEN', message);
