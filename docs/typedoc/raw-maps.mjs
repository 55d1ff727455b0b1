// @ts-check
// openapi-typescript's `paths`, `operations` and `components` are structural maps
// (`paths["/chat/completions"]["post"]["responses"][200]["content"]…`) that openapi-fetch reads.
// Listing their ~260 nested members in the reference would bury the named types that document
// the same fields, so the reference shows each map with its comment and leaves its members to the
// named types and the HTTP reference. Nothing else is exempt from "every export documented".
import { Converter, ReflectionKind } from 'typedoc';

const RAW_MAPS = new Set(['paths', 'operations', 'components']);

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    const project = context.project;
    if (project.packageName !== '@comput3/api') return;
    for (const map of project.getReflectionsByKind(ReflectionKind.Interface)) {
      if (!RAW_MAPS.has(map.name) || !map.hasComment()) continue;
      for (const child of [...(map.children ?? [])]) project.removeReflection(child);
    }
  });
}
