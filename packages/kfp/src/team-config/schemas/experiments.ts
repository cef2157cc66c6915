import { LOCK_EXPERIMENT } from '../../lock/lock-record';
import { EXPERIMENTS_KEY } from '../layout';
import { z } from 'zod';
import { hasNoControlCharacters, nonEmptyString } from './common';

export const experimentSchema = z
  .strictObject({
    name: nonEmptyString()
      .max(128, 'must be at most 128 characters (the KFP server limit for experiment names)')
      .refine(hasNoControlCharacters, { message: 'must not contain line breaks or other control characters' })
      .refine((name) => name !== LOCK_EXPERIMENT, { message: `"${LOCK_EXPERIMENT}" is reserved: reconcile uses an experiment of that name as the namespace lock` })
      .describe('Experiment name, unique within the namespace. Recurring runs refer to it by this name.'),
    description: nonEmptyString()
      .optional()
      .describe('Experiment description. KFP cannot change it after creation; a difference is reported as a warning.'),
  })
  .describe('A KFP experiment that must exist (it is created, or unarchived, when missing).');

export const experimentsFileSchema = z
  .strictObject({
    [EXPERIMENTS_KEY]: z.array(experimentSchema).describe('The experiments of this namespace. Experiments not listed here are left alone.'),
  })
  .describe('experiments.yaml: the KFP experiments of one team namespace.');

export type ParsedExperiment = z.infer<typeof experimentSchema>;
