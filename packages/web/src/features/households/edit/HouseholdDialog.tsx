import type { MemberView } from '../api.ts';
import { HeadChangeModal } from './HeadChangeModal.tsx';
import { HouseholdEditModal } from './HouseholdEditModal.tsx';
import { IncomeModal } from './IncomeModal.tsx';
import { JoinMemberModal } from './JoinMemberModal.tsx';
import { LeaveRegistryModal } from './LeaveRegistryModal.tsx';
import { MemberEditModal } from './MemberEditModal.tsx';
import { MemberLeaveModal } from './MemberLeaveModal.tsx';
import { MergeModal } from './MergeModal.tsx';
import { SplitModal } from './SplitModal.tsx';
import type { DialogProps } from './WriteModal.tsx';

/** The write dialogs of the household page. */
export type Dialog =
  | { kind: 'edit' }
  | { kind: 'income'; year: number | undefined }
  | { kind: 'join' }
  | { kind: 'member'; member: MemberView }
  | { kind: 'leave'; member: MemberView }
  | { kind: 'head' }
  | { kind: 'registry' }
  | { kind: 'split' }
  | { kind: 'merge' };

/**
 * The open write dialog. One chunk for all of them, loaded when a writer first opens one: people
 * who only read never download the forms.
 */
export default function HouseholdDialog({ dialog, ...props }: DialogProps & { dialog: Dialog }) {
  switch (dialog.kind) {
    case 'edit':
      return <HouseholdEditModal {...props} />;
    case 'income':
      return <IncomeModal {...props} year={dialog.year} />;
    case 'join':
      return <JoinMemberModal {...props} />;
    case 'member':
      return <MemberEditModal {...props} member={dialog.member} />;
    case 'leave':
      return <MemberLeaveModal {...props} member={dialog.member} />;
    case 'head':
      return <HeadChangeModal {...props} />;
    case 'registry':
      return <LeaveRegistryModal {...props} />;
    case 'split':
      return <SplitModal {...props} />;
    case 'merge':
      return <MergeModal {...props} />;
  }
}
