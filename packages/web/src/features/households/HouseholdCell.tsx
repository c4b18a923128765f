import { Link } from 'react-router-dom';
import { Flex, Typography } from 'antd';
import { can } from '@jingzhun/domain';
import { useMe } from '../../shared/auth/AuthProvider.tsx';

/**
 * A household in a list of visits or pairings: the head's name over the household number. The name links to
 * the household's page for those who read the registry; an aid unit reads no household record, so it sees text.
 */
export function HouseholdCell({ household, regionSearch, testId }: { household: { id: string; headName: string; householdNo: string }; regionSearch: string; testId?: string }) {
  const me = useMe();
  return (
    <Flex vertical gap={0}>
      {can(me.role, 'readRegistry') ? (
        <Link to={{ pathname: `/households/${household.id}`, search: regionSearch }} data-testid={testId}>
          {household.headName}
        </Link>
      ) : (
        <span data-testid={testId}>{household.headName}</span>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12, fontVariantNumeric: 'tabular-nums' }}>
        {household.householdNo}
      </Typography.Text>
    </Flex>
  );
}
