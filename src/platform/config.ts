import { join } from 'node:path';
import { z } from 'zod';
import { httpsUrl, issuerUrl, plainInt, safeText } from './input.ts';

/** One OpenID Connect identity provider (ID-porten, Entra ID, …). */
const oidcProviderSchema = z.strictObject({
  /** Slug used in the callback path /api/auth/oidc/<id>/callback. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be a lowercase slug (a-z, 0-9, -)'),
  /** Shown on the sign-in page. */
  name: safeText(80).min(1),
  /** The issuer identifier; its /.well-known/openid-configuration is discovered. */
  issuer: issuerUrl(),
  clientId: z.string().min(1),
  /** Omitted for public clients; then PKCE alone protects the code exchange. */
  clientSecret: z.string().min(1).optional(),
  scopes: z
    .array(z.string().regex(/^[!#-[]-~]+$/, 'must be a scope token'))
    .refine((scopes) => scopes.includes('openid'), "must include 'openid'")
    .default(['openid', 'email', 'profile']),
});

export type OidcProviderConfig = z.infer<typeof oidcProviderSchema>;

const oidcProvidersSchema = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON array of {id, name, issuer, clientId, clientSecret?, scopes?}' });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .array(oidcProviderSchema)
      .refine((providers) => new Set(providers.map((p) => p.id)).size === providers.length, 'provider ids must be unique'),
  );

/** Proxies in private networks (a load balancer or ingress) may say who the client is; nobody else. */
export const DEFAULT_TRUST_PROXY = 'loopback,linklocal,uniquelocal';

/** Environment variables the process reads, validated once at start. */
/** Debian's Chromium: what the statistics report prints its PDF with unless VEIVISER_CHROMIUM_PATH says otherwise. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

const envSchema = z
  .object({
    PORT: plainInt(0, 65535).default(8080),
    HOST: z.string().default('0.0.0.0'),
    DATABASE_URL: z.url().optional(),
    VEIVISER_DATA_DIR: z.string().min(1).default('./data'),
    /** Server processes on one port (node:cluster), each with its own search index: more than 1 uses more cores. */
    VEIVISER_WORKERS: plainInt(1, 64).default(1),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    VEIVISER_SEED: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    VEIVISER_BOOTSTRAP_ADMIN_EMAIL: z.email().optional(),
    VEIVISER_BOOTSTRAP_ADMIN_PASSWORD: z.string().min(12).optional(),
    VEIVISER_SECURE_COOKIES: z
      .enum(['true', 'false'])
      .optional()
      .transform((v) => v !== 'false'),
    VEIVISER_WEB_DIR: z.string().default('./dist/web'),
    VEIVISER_PSEUDONYM_SECRET: z
      .string()
      .refine((v) => Buffer.from(v, 'base64').length >= 32, 'must be at least 32 bytes, base64-encoded')
      .optional(),
    /** Where the signed audit checkpoint is also written (embedded default: audit-checkpoint.json in the data directory). */
    VEIVISER_AUDIT_CHECKPOINT_FILE: z.string().min(1).optional(),
    VEIVISER_ALLOW_SYNTHETIC_IDS: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    /** The origin users reach the service at; OIDC redirect URIs are built from it, never from the Host header. */
    VEIVISER_PUBLIC_URL: httpsUrl()
      .refine((value) => {
        const url = URL.canParse(value) ? new URL(value) : null;
        return url?.pathname === '/' && !url.search && !url.hash;
      }, 'must be an origin only, like https://veiviser.oslo.kommune.no')
      .transform((value) => new URL(value).origin)
      .optional(),
    VEIVISER_OIDC_PROVIDERS: oidcProvidersSchema.optional(),
    /** The Chromium that prints the statistics report to PDF (the HTML report works without it). */
    VEIVISER_CHROMIUM_PATH: z.string().min(1).default(DEFAULT_CHROMIUM_PATH),
    /**
     * Which proxies may set X-Forwarded-For (the client address used by rate limits and the audit
     * log): a hop count, or addresses/subnets. Trusting every hop would let anyone pick their own
     * address and slip past the login rate limit.
     */
    VEIVISER_TRUST_PROXY: z
      .string()
      .regex(
        /^(\d+|[\w.:/]+(,\s*[\w.:/]+)*)$/,
        'must be a hop count or a comma-separated list of addresses, subnets or loopback/linklocal/uniquelocal',
      )
      .refine((v) => v !== 'true' && v !== 'false', 'must be a hop count (0: trust none) or trusted addresses, not true/false')
      .default(DEFAULT_TRUST_PROXY),
  })
  .superRefine((env, ctx) => {
    if (env.DATABASE_URL && !env.VEIVISER_PSEUDONYM_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['VEIVISER_PSEUDONYM_SECRET'],
        message: 'is required with DATABASE_URL (base64, at least 32 bytes): every instance must derive the same pseudonym and audit keys',
      });
    }
    if (env.VEIVISER_WORKERS > 1 && !env.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['VEIVISER_WORKERS'],
        message: 'more than 1 needs DATABASE_URL: the embedded database (PGlite) is opened by one process only',
      });
    }
    if (env.VEIVISER_OIDC_PROVIDERS?.length && !env.VEIVISER_PUBLIC_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['VEIVISER_PUBLIC_URL'],
        message: 'is required when VEIVISER_OIDC_PROVIDERS is set (redirect URIs are built from it)',
      });
    }
  });

export type Config = {
  port: number;
  host: string;
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
  /** Server processes on one port (VEIVISER_WORKERS); more than 1 only with a PostgreSQL server. */
  workers: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  seed: boolean;
  bootstrapAdmin: { email: string; password: string } | null;
  secureCookies: boolean;
  webDir: string;
  /** Base64 secret the pseudonym and audit keys derive from; null (embedded only): kept in the data directory. */
  pseudonymSecret: string | null;
  /** The file the signed audit checkpoint is written to besides the database; null: the database only. */
  auditCheckpointFile: string | null;
  allowSyntheticIds: boolean;
  /** Origin of the service as users see it, e.g. https://veiviser.oslo.kommune.no; null when unset. */
  publicUrl: string | null;
  /** OpenID Connect identity providers offered on the sign-in page; empty: local accounts only. */
  oidcProviders: OidcProviderConfig[];
  /** Fastify trustProxy: a hop count or a list of trusted proxy addresses/subnets. */
  trustProxy: number | string;
  /** The Chromium executable the statistics report is printed to PDF with. */
  chromiumPath: string;
};

/**
 * The origin published URLs are built on: VEIVISER_PUBLIC_URL, or http://localhost:<port> when it
 * is unset (a development default that points nowhere else). Never the Host or X-Forwarded-*
 * headers, which the client or any proxy can set.
 */
export function publicOrigin(config: { publicUrl?: string | null; port?: number }): string {
  return config.publicUrl ?? `http://localhost:${config.port ?? 8080}`;
}

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
    database: e.DATABASE_URL ? { kind: 'postgres', url: e.DATABASE_URL } : { kind: 'pglite', dataDir: e.VEIVISER_DATA_DIR },
    workers: e.VEIVISER_WORKERS,
    logLevel: e.LOG_LEVEL,
    seed: e.VEIVISER_SEED,
    bootstrapAdmin: admin,
    secureCookies: e.VEIVISER_SECURE_COOKIES,
    webDir: e.VEIVISER_WEB_DIR,
    pseudonymSecret: e.VEIVISER_PSEUDONYM_SECRET ?? null,
    auditCheckpointFile: e.VEIVISER_AUDIT_CHECKPOINT_FILE ?? (e.DATABASE_URL ? null : join(e.VEIVISER_DATA_DIR, 'audit-checkpoint.json')),
    allowSyntheticIds: e.VEIVISER_ALLOW_SYNTHETIC_IDS,
    publicUrl: e.VEIVISER_PUBLIC_URL ?? null,
    oidcProviders: e.VEIVISER_OIDC_PROVIDERS ?? [],
    trustProxy: /^\d+$/.test(e.VEIVISER_TRUST_PROXY) ? Number(e.VEIVISER_TRUST_PROXY) : e.VEIVISER_TRUST_PROXY,
    chromiumPath: e.VEIVISER_CHROMIUM_PATH,
  };
}
