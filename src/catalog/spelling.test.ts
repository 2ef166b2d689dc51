import { beforeAll, describe, expect, it } from 'vitest';
import { loadSpelling, spellingLoadStats, type Spelling } from './spelling.ts';

/** The real dictionaries (nb, nn through nspell; English from dictionary-en) decide what a real word is. */
describe('spelling', () => {
  let spelling: Spelling;
  beforeAll(async () => {
    spelling = await loadSpelling();
  }, 60_000);

  const isWord = async (word: string) => (await spelling.realWords([word])).has(word);

  it('loads once per process', async () => {
    expect(await loadSpelling()).toBe(spelling);
    expect(spellingLoadStats()?.ms).toBeGreaterThan(0);
  });

  it.each(['sønn', 'drikke', 'ikke', 'ikkje', 'sjølvmord', 'pårørande', 'gror', 'avrusning', 'depresjon', 'drinking', 'anxiety', 'oslo'])(
    'knows the real word "%s"',
    async (word) => expect(await isWord(word)).toBe(true),
  );

  it('knows compounds whose first part the dictionary allows in compounds', async () => {
    expect(await spelling.realWords(['selvmordstanker', 'boligoppfølging', 'smitevern'])).toEqual(
      new Set(['selvmordstanker', 'boligoppfølging']),
    );
  });

  it.each(['rusbehandlng', 'psyksik', 'depresjoon', 'gatjuristen', 'smitevern', 'kanylle', 'xyzzyq'])(
    'does not take "%s" for a word',
    async (word) => expect(await isWord(word)).toBe(false),
  );

  it('answers many questions at once, each with its own answer', async () => {
    const answers = await Promise.all(['sønn', 'psyksik', 'angst'].map((w) => spelling.realWords([w])));
    expect(answers.map((a) => a.size)).toEqual([1, 0, 1]);
  });
});
