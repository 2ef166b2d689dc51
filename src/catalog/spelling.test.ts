import { beforeAll, describe, expect, it } from 'vitest';
import { loadSpelling, spellingLoadStats, type Spelling } from './spelling.ts';

/** The real dictionaries (nb, nn through nspell; English from dictionary-en) decide what a real word is. */
describe('spelling', () => {
  let spelling: Spelling;
  beforeAll(async () => {
    spelling = await loadSpelling();
  }, 60_000);

  it('loads once per process', async () => {
    expect(await loadSpelling()).toBe(spelling);
    expect(spellingLoadStats()?.ms).toBeGreaterThan(0);
  });

  it.each(['sønn', 'drikke', 'ikke', 'ikkje', 'sjølvmord', 'pårørande', 'gror', 'avrusning', 'depresjon', 'drinking', 'anxiety', 'Oslo'])(
    'knows the real word "%s"',
    (word) => expect(spelling.isWord(word.toLowerCase())).toBe(true),
  );

  it('knows compounds whose first part the dictionary allows in compounds', () => {
    expect(spelling.isWord('selvmordstanker')).toBe(true);
    expect(spelling.isWord('boligoppfølging')).toBe(true);
  });

  it.each(['rusbehandlng', 'psyksik', 'depresjoon', 'gatjuristen', 'smitevern', 'kanylle', 'xyzzyq'])(
    'does not take "%s" for a word',
    (word) => expect(spelling.isWord(word)).toBe(false),
  );
});
