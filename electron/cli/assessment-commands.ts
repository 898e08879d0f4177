// CLI: 考核评价 (百分制考核、一企一档、资金挂钩).
import type { CliCommand } from './command';

export const assessmentCommands: CliCommand[] = [];
