// CLI: 经费收缴 (税务代征、分成、返还、对账).
import type { CliCommand } from './command';

export const collectionCommands: CliCommand[] = [];
