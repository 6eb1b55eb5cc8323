import { parseArgs } from 'node:util';

export interface HostArgs {
  readonly dataDir: string | undefined;
  readonly port: number;
  readonly open: boolean;
  readonly urlFile: string | undefined;
  readonly help: boolean;
  readonly demo: boolean;
}

export const HOST_USAGE = `Teamvalv browser host: the app over loopback HTTP, for machines without the Electron runtime.

Usage: npm run host -- [options]
  --data-dir DIR   data folder (default: the same folder the Electron app uses)
  --port N         port on 127.0.0.1 (default: a free port)
  --no-open        do not open a browser window; print the launch URL
  --url-file F     write the launch URL to F (mode 0600) instead of printing it
  --demo           open the demo vault (invented data, known password) in its own local folder
  --help           this text

Environment: TEAMVALV_BROWSER (browser executable), TEAMVALV_DATA_DIR (data folder).`;

export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseHostArgs(argv: readonly string[]): HostArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        'no-open': { type: 'boolean', default: false },
        'url-file': { type: 'string' },
        help: { type: 'boolean', default: false },
        demo: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port must be 0-65535, got ${values.port}`);
  return {
    dataDir: values['data-dir'],
    port,
    open: !values['no-open'],
    urlFile: values['url-file'],
    help: values.help,
    demo: values.demo,
  };
}
