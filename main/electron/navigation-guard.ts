import type { Event, Session, WebContents } from 'electron';
import type { Logger } from '../runtime/log';

/** The part of WebContents the guards use; the tests pass a fake with the same shape. */
export type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;
export type GuardedSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>;

/**
 * Nothing may replace or escape the app page: every navigation and redirect is refused (the app
 * never navigates — areas are React state), new windows are denied, and <webview> cannot attach.
 * External links are not opened either: a link in a case note must not leave the vault's context.
 */
export function hardenWebContents(contents: GuardedContents, logger: Logger): void {
  const refuse = (what: string) => (event: Event) => {
    event.preventDefault();
    logger.log('warn', 'hardenWebContents', `${what} refused`);
  };
  contents.on('will-navigate', refuse('navigation'));
  contents.on('will-frame-navigate', refuse('frame navigation'));
  contents.on('will-redirect', refuse('redirect'));
  contents.on('will-attach-webview', refuse('webview'));
  contents.setWindowOpenHandler(() => {
    logger.log('warn', 'hardenWebContents', 'window.open refused');
    return { action: 'deny' };
  });
}

/** Camera, microphone, notifications, clipboard reads, HID, USB, serial…: all denied, always. */
export function hardenSession(session: GuardedSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
