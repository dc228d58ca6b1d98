/** Every source type the pipelines accept, by id. */
import { creditCheck } from './credit-check.ts';
import { creditRepair } from './credit-repair.ts';
import { gradedSupervision } from './graded-supervision.ts';
import { licence } from './licence.ts';
import { penalty } from './penalty.ts';
import type { SourceType } from './source-type.ts';
import { subjectLegal } from './subject-legal.ts';
import { subjectPerson } from './subject-person.ts';

export const SOURCE_TYPES: Readonly<Record<string, SourceType>> = {
  [licence.id]: licence,
  [penalty.id]: penalty,
  [subjectLegal.id]: subjectLegal,
  [subjectPerson.id]: subjectPerson,
  [gradedSupervision.id]: gradedSupervision,
  [creditCheck.id]: creditCheck,
  [creditRepair.id]: creditRepair,
};

export function getSourceType(id: string): SourceType {
  const def = SOURCE_TYPES[id];
  if (!def) throw new Error(`unknown source type "${id}" (known: ${Object.keys(SOURCE_TYPES).join(', ')})`);
  return def;
}

export type { FieldDef, SourceType } from './source-type.ts';
