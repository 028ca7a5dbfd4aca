import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withMappingTables } from '../helpers/readme-tables.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('shows the mapping tables exactly as the mapping data defines them (run `npm run docs`)', () => {
    expect(readme).toBe(withMappingTables(readme));
  });

  it('shows the two quick-start commands', () => {
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test');
  });
});
