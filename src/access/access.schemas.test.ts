import Fastify from 'fastify';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { personSchema, userSummarySchema } from './access.schemas.ts';

/** An app that serialises answers as src/app.ts does: through each route's zod response schema. */
function appAnswering(schema: z.ZodType, answer: unknown) {
  const app = Fastify().withTypeProvider<ZodTypeProvider>();
  app.setSerializerCompiler(serializerCompiler);
  app.get('/answer', { schema: { response: { 200: schema } } }, async () => answer);
  return app;
}

describe('answers carry only the fields their schema lists', () => {
  it('drops what a person row has beyond personSchema (national ID, pseudonym, creator)', async () => {
    const row = {
      id: '6f1f7a52-1b1e-4a4e-9d7e-2f6b8f0c1a11',
      givenName: 'Kari',
      familyName: 'Nordmann',
      birthYear: 1960,
      district: 'sagene',
      unit: null,
      createdAt: '2026-12-01T10:00:00.000Z',
      nationalId: '02416010083',
      pseudonym: 'c2VjcmV0LXBzZXVkb255bQ',
      created_by: 'caseworker-1',
    };
    const response = await appAnswering(personSchema, row).inject({ url: '/answer' });
    expect(response.statusCode).toBe(200);
    const fields = Object.keys(response.json<Record<string, unknown>>());
    expect(fields).toEqual(['id', 'givenName', 'familyName', 'birthYear', 'district', 'unit', 'createdAt']);
    expect(response.body).not.toContain('02416010083');
    expect(response.body).not.toContain('c2VjcmV0LXBzZXVkb255bQ');
  });

  it('drops what a user row has beyond userSummarySchema (the password hash)', async () => {
    const row = {
      id: 'b3c1d1e0-0d4f-4a57-8f5e-7d2f5c7d9e10',
      email: 'admin@oslo.kommune.no',
      displayName: 'Admin',
      roles: ['administrator'],
      districts: [],
      units: [],
      disabled: false,
      identity: null,
      createdAt: '2026-12-01T10:00:00.000Z',
      passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA',
    };
    const response = await appAnswering(userSummarySchema, row).inject({ url: '/answer' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).not.toHaveProperty('passwordHash');
    expect(response.body).not.toContain('argon2id');
  });

  it('refuses to send an answer that lacks a listed field (a 500, not a partial answer)', async () => {
    const incomplete = { id: '6f1f7a52-1b1e-4a4e-9d7e-2f6b8f0c1a11', givenName: 'Kari' };
    const response = await appAnswering(personSchema, incomplete).inject({ url: '/answer' });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('Kari');
  });
});
