// CLI: 支出审批 (七步审批链).
import type { CliCommand } from './command';

export const expenseCommands: CliCommand[] = [];
