import { readFileSync, writeFileSync } from 'node:fs';
import { withMappingTables } from '../helpers/readme-tables.js';

/** `npm run docs`: re-renders the Flux mapping tables in README.md from the mapping data. */
const path = new URL('../../README.md', import.meta.url);
writeFileSync(path, withMappingTables(readFileSync(path, 'utf8')));
