// CLI: 经审监督 (审计项目、问题、整改台账、经审会会议).
import type { CliCommand } from './command';

export const oversightCommands: CliCommand[] = [];
