import type { Migration } from './migration';
import { migration001 } from './migrations/001-initial';
import { migration002 } from './migrations/002-audit-reviews';
import { migration003 } from './migrations/003-roster';
import { migration004 } from './migrations/004-cases';
import { migration005 } from './migrations/005-meetings';
import { migration006 } from './migrations/006-supervision';
import { migration007 } from './migrations/007-private-notes';
import { migration008 } from './migrations/008-handovers';
import { migration009 } from './migrations/009-gallring';
import { migration010 } from './migrations/010-read-indexes';
import { migration011 } from './migrations/011-gallring-indexes';
import { migration012 } from './migrations/012-scale-indexes';
import { migration013 } from './migrations/013-search-parts';
import { migration014 } from './migrations/014-case-list-index';
import { migration015 } from './migrations/015-organisation-kind-chosen';
import { migration016 } from './migrations/016-minutes-justering';
import { migration017 } from './migrations/017-consent-paper-returned';
import { migration018 } from './migrations/018-handover-receipts';
import { migration019 } from './migrations/019-team-ownership';
import { migration020 } from './migrations/020-case-lifecycle';
import { migration021 } from './migrations/021-case-event-exit';
import { migration022 } from './migrations/022-exit-events-index';
import { migration023 } from './migrations/023-other-item-actions';
import { migration024 } from './migrations/024-followup-reports-sent';

export type { Migration };

/** Numbered migrations; the vault's `user_version` is how many have run. Only ever append. */
export const MIGRATIONS: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
  migration010,
  migration011,
  migration012,
  migration013,
  migration014,
  migration015,
  migration016,
  migration017,
  migration018,
  migration019,
  migration020,
  migration021,
  migration022,
  migration023,
  migration024,
];
