import { isRegionCode } from '@jingzhun/domain';
import { getRegion } from '../../shared/api/regions.ts';
import { useApi } from '../../shared/api/useApi.ts';

// Many rows name the same few regions (a county's units all sit in the county): ask for each one once.
const names = new Map<string, Promise<string>>();

function regionName(code: string): Promise<string> {
  let name = names.get(code);
  if (!name) {
    name = getRegion(code).then(
      (r) => r.name,
      (e: unknown) => {
        names.delete(code);
        throw e;
      },
    );
    names.set(code, name);
  }
  return name;
}

/** The name of a region given its code; the code itself while it loads or when it is unknown. */
export function RegionName({ code }: { code: string }) {
  const name = useApi(() => regionName(code), [code], !isRegionCode(code));
  return <span title={code}>{name.data ?? code}</span>;
}
