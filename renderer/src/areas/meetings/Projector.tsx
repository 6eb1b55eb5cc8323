import { useEffect, useState } from 'react';
import type { TeamvalvBridge } from '../../../../shared/ipc/bridge';
import type { PresentSlide } from '../../../../shared/meetings/model';

/**
 * The projector window of two-screen meeting-room mode (Electron): it has no session and calls
 * nothing; it shows the slide the chair's window sends, and is black until the first one.
 */
export function Projector({ bridge }: { bridge: TeamvalvBridge }) {
  const [slide, setSlide] = useState<PresentSlide | null>(null);
  useEffect(() => bridge.on('present:slide', (next) => setSlide(next)), [bridge]);
  if (!slide || slide.blank) return <div className="meeting-room blank" data-testid="projector" />;
  return (
    <div className="meeting-room" data-testid="projector">
      <header className="room-header">
        <span>{slide.counter}</span>
      </header>
      <article className="room-item">
        <h1>{slide.heading}</h1>
        {slide.lines.map((line, index) => (
          <p key={index} className="room-text">
            {line}
          </p>
        ))}
      </article>
    </div>
  );
}
