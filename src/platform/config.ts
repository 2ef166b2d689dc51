import { z } from 'zod';

/** Environment variables the process reads, validated once at start. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  VEIVISER_DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  VEIVISER_SEED: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  VEIVISER_BOOTSTRAP_ADMIN_EMAIL: z.string().email().optional(),
  VEIVISER_BOOTSTRAP_ADMIN_PASSWORD: z.string().min(12).optional(),
  VEIVISER_SECURE_COOKIES: z.enum(['true', 'false']).optional().transform((v) => v !== 'false'),
  VEIVISER_WEB_DIR: z.string().default('./dist/web'),
  VEIVISER_PSEUDONYM_SECRET: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length >= 32, 'must be at least 32 bytes, base64-encoded')
    .optional(),
  VEIVISER_ALLOW_SYNTHETIC_IDS: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

export type Config = {
  port: number;
  host: string;
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  seed: boolean;
  bootstrapAdmin: { email: string; password: string } | null;
  secureCookies: boolean;
  webDir: string;
  /** Base64 secret the per-purpose pseudonym keys derive from; null: kept in the data directory. */
  pseudonymSecret: string | null;
  allowSyntheticIds: boolean;
};

/** Parses the environment; throws an Error naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  const admin =
    e.VEIVISER_BOOTSTRAP_ADMIN_EMAIL && e.VEIVISER_BOOTSTRAP_ADMIN_PASSWORD
      ? { email: e.VEIVISER_BOOTSTRAP_ADMIN_EMAIL, password: e.VEIVISER_BOOTSTRAP_ADMIN_PASSWORD }
      : null;
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dataDir: e.VEIVISER_DATA_DIR },
    logLevel: e.LOG_LEVEL,
    seed: e.VEIVISER_SEED,
    bootstrapAdmin: admin,
    secureCookies: e.VEIVISER_SECURE_COOKIES,
    webDir: e.VEIVISER_WEB_DIR,
    pseudonymSecret: e.VEIVISER_PSEUDONYM_SECRET ?? null,
    allowSyntheticIds: e.VEIVISER_ALLOW_SYNTHETIC_IDS,
  };
}
