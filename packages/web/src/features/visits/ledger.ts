import { can } from '@jingzhun/domain';
import { useMe } from '../../shared/auth/AuthProvider.tsx';

/**
 * Whether the user may open the ledger of a helper of a unit: an aid unit's account reads its own staff
 * only, everyone else who reads the work reads all.
 */
export function useMayOpenLedger(): (unitId: string) => boolean {
  const me = useMe();
  return (unitId) => can(me.role, 'readAidWork') && (me.role !== 'aid_unit' || unitId === me.aidUnit?.id);
}
