#!/usr/bin/env node
// The `cdevents-bridge` command. The bridge is TypeScript run by tsx (a devDependency), so this
// launcher registers tsx's ESM loader in-process, then loads the CLI: one Node process, no build.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../lib/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
