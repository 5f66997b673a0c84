import { z } from 'zod';

/**
 * A section whose keys are all commented out parses as null in YAML (`lock:` alone);
 * that means "all defaults", not an error.
 */
function section<T extends z.ZodTypeAny>(schema: T) {
  return z.preprocess((value) => value ?? {}, schema);
}

const lockSection = z
  .object({
    /** How long a command waits for the KB lock before exiting 4. `--wait` overrides. */
    wait_s: z.number().min(0).default(600),
  })
  .strict();

const logsSection = z
  .object({
    /** Level written to .kb/logs/kb.log. `--debug` lowers it to debug. */
    level: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
  })
  .strict();

/**
 * Every key of `.kb/config.yaml`. Strict at every level: a misspelt key is an error that
 * names its dot path, never silently ignored. Keep config.yaml.example in step with this.
 */
export const configSchema = z
  .object({
    version: z.literal(1).default(1),
    lock: section(lockSection),
    logs: section(logsSection),
  })
  .strict();

export type KbConfig = z.infer<typeof configSchema>;

export function defaultConfig(): KbConfig {
  return configSchema.parse({});
}
