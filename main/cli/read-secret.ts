/** Reads a password from stdin (never argv, where every user of the machine could see it). */
export async function readSecretFromStdin(stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  const text = Buffer.concat(chunks).toString('utf8');
  chunks.forEach((chunk) => chunk.fill(0));
  // One trailing newline (from echo or a here-string) is not part of the password.
  return text.replace(/\r?\n$/, '');
}
