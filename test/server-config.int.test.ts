import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from './server-process.ts';

describe('the server process', () => {
  it('refuses to start on a PostgreSQL server without VEIVISER_PSEUDONYM_SECRET, naming it', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres', LOG_LEVEL: 'silent' };
    delete env.VEIVISER_PSEUDONYM_SECRET;
    const child = spawn('npx', ['tsx', 'src/server.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain('VEIVISER_PSEUDONYM_SECRET: is required with DATABASE_URL');
  });
});
