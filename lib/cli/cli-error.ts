/**
 * A problem with how the command was called or with what it was given to read (a bad flag, an
 * unknown command, an unreadable file). The message is one line, safe to print, and never holds
 * the content of the file it names.
 */
export class CliError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CliError';
  }
}
