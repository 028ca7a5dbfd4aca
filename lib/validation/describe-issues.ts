import { getDotPath, type BaseIssue } from 'valibot';
import { describeJsonType } from './json-type.js';

/** Most problems named in one message; the rest are counted. */
const MAX_PROBLEMS = 8;

/** What a schema issue expected, in words (`a string`, `one of "info" | "error"`, …). */
function expectation(issue: BaseIssue<unknown>): string {
  switch (issue.type) {
    case 'string':
    case 'number':
    case 'boolean':
      return `a ${issue.type}`;
    case 'object':
    case 'loose_object':
    case 'strict_object':
    case 'record':
      return 'an object';
    case 'array':
      return 'an array';
    case 'picklist':
    case 'literal':
    case 'union':
    case 'variant':
      return `one of ${issue.expected ?? 'the allowed values'}`;
    default:
      return issue.expected ?? 'a valid value';
  }
}

/**
 * One problem of a valibot issue, naming the field and what was wrong with it but never the value
 * received (valibot's own messages quote it). Validation actions (`check`, `regex`, …) carry a
 * message of ours, written without the value.
 */
export function describeIssue(issue: BaseIssue<unknown>): string {
  const path = getDotPath(issue) ?? '';
  const field = path ? `field '${path}'` : 'the body';
  if (issue.kind !== 'schema') return `${field} ${issue.message}`;
  if (issue.input === undefined && path) return `${field} is required`;
  return `${field} must be ${expectation(issue)}, got ${describeJsonType(issue.input)}`;
}

/**
 * Every problem of a failed parse in one line, e.g.
 * `field 'severity' is required; field 'metadata.revision' must be a string, got a number`.
 */
export function describeIssues(issues: readonly BaseIssue<unknown>[]): string {
  const problems = [...new Set(issues.map(describeIssue))];
  const shown = problems.slice(0, MAX_PROBLEMS).join('; ');
  return problems.length > MAX_PROBLEMS ? `${shown}; and ${problems.length - MAX_PROBLEMS} more` : shown;
}
