#!/usr/bin/env python3
"""Fails when the API specification is malformed or disagrees with the server on its routes.

Usage: check_openapi.py SPEC.yaml SERVER_EXECUTABLE

Checks the OpenAPI 3.0 document SPEC.yaml:
  - it parses; `openapi` is 3.0.x; info.title, info.version and paths are present;
  - every `$ref` is local and resolves; every component is reachable from the paths (a
    component marked `x-planned: <reason>` is exempt until an operation uses it, and then the
    marker must go); security requirements name defined security schemes;
  - every operation has a unique operationId and non-empty responses, each with a description;
    the `{param}`s of its path template are exactly its required `in: path` parameters; it
    lists `x-roles` (unless it is public, `security: []`) drawn from the known roles;
  - every object schema's `required` names only properties it defines.
Then it runs `SERVER_EXECUTABLE routes`, which prints one line per route it serves:
    METHOD /api/v1/path/{param} [roles=a,b,c]
and compares those routes with the spec's (paths prefixed with the path of the first server
URL), and the roles, when the server prints them, with `x-roles` (as sets).
Prints every problem found and exits 1 if there was any, else 0.
"""
import re
import subprocess
import sys
from urllib.parse import urlparse

import yaml

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
ROLES = {"support_agent", "security_officer", "admin"}
COMPONENT_KINDS = ("schemas", "responses", "parameters", "examples", "requestBodies", "headers",
                   "securitySchemes", "links", "callbacks")
SINGULAR = {"schemas": "schema", "responses": "response", "parameters": "parameter",
            "examples": "example", "requestBodies": "request body", "headers": "header",
            "securitySchemes": "security scheme", "links": "link", "callbacks": "callback"}


class Spec:
    def __init__(self, doc):
        self.doc = doc
        self.problems = []

    def problem(self, text):
        self.problems.append(text)

    # --- $ref handling -------------------------------------------------------------------

    def lookup(self, ref):
        """The object a local `#/...` reference points at, or None."""
        if not isinstance(ref, str) or not ref.startswith("#/"):
            return None
        node = self.doc
        for token in ref[2:].split("/"):
            token = token.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                return None
        return node

    def resolve(self, node):
        """Follows $refs (and chains of them); None when one does not resolve."""
        seen = set()
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if ref in seen:
                return None
            seen.add(ref)
            node = self.lookup(ref)
        return node

    def check_refs(self):
        def walk(node, where):
            if isinstance(node, dict):
                if "$ref" in node:
                    ref = node["$ref"]
                    if not isinstance(ref, str):
                        self.problem(f"{where}: $ref is not a string: {ref!r}")
                    elif not ref.startswith("#/"):
                        self.problem(f"{where}: $ref {ref!r} is not a local reference (#/...)")
                    elif self.lookup(ref) is None:
                        self.problem(f"{where}: $ref {ref!r} does not resolve")
                for key, value in node.items():
                    walk(value, f"{where}/{key}")
            elif isinstance(node, list):
                for i, value in enumerate(node):
                    walk(value, f"{where}/{i}")
        walk(self.doc, "#")

    # --- unused components ---------------------------------------------------------------

    @staticmethod
    def refs_in(node):
        """Every $ref string anywhere under node."""
        out = []
        stack = [node]
        while stack:
            n = stack.pop()
            if isinstance(n, dict):
                if isinstance(n.get("$ref"), str):
                    out.append(n["$ref"])
                stack.extend(n.values())
            elif isinstance(n, list):
                stack.extend(n)
        return out

    @staticmethod
    def component_of(ref):
        """('schemas', 'Customer') for '#/components/schemas/Customer/...', else None."""
        parts = ref[2:].split("/") if ref.startswith("#/") else []
        if len(parts) >= 3 and parts[0] == "components":
            return parts[1], parts[2].replace("~1", "/").replace("~0", "~")
        return None

    def reachable(self, roots):
        """Components reachable through $refs from the given nodes."""
        found = set()
        stack = list(roots)
        while stack:
            for ref in self.refs_in(stack.pop()):
                key = self.component_of(ref)
                if key and key not in found:
                    found.add(key)
                    target = self.doc.get("components", {}).get(key[0], {})
                    if isinstance(target, dict) and key[1] in target:
                        stack.append(target[key[1]])
        return found

    def check_components(self):
        components = self.doc.get("components") or {}
        if not isinstance(components, dict):
            self.problem("components is not a mapping")
            return
        defined = {}
        for kind in COMPONENT_KINDS:
            section = components.get(kind) or {}
            if not isinstance(section, dict):
                self.problem(f"components.{kind} is not a mapping")
                continue
            for name, value in section.items():
                defined[(kind, name)] = value

        # Security schemes are used by name in security requirements, not through $ref.
        used_schemes = set()
        requirements = list(self.doc.get("security") or [])
        for _, _, op in self.operations():
            requirements += list(op.get("security") or [])
        for requirement in requirements:
            if not isinstance(requirement, dict):
                self.problem(f"security requirement {requirement!r} is not a mapping")
                continue
            for name in requirement:
                used_schemes.add(("securitySchemes", name))
                if ("securitySchemes", name) not in defined:
                    self.problem(f"security requirement names undefined security scheme {name!r}")

        roots = [v for k, v in self.doc.items() if k != "components"]
        used = self.reachable(roots) | used_schemes
        planned = {key for key, value in defined.items()
                   if isinstance(value, dict) and value.get("x-planned")}
        for key in sorted(planned & used):
            self.problem(f"component {key[0]}/{key[1]} is used now: remove its x-planned marker")
        used |= self.reachable(defined[key] for key in planned)
        for kind, name in sorted(set(defined) - used - planned):
            self.problem(f"unused {SINGULAR[kind]}: components/{kind}/{name}")

    # --- operations ----------------------------------------------------------------------

    def operations(self):
        paths = self.doc.get("paths")
        if not isinstance(paths, dict):
            return
        for path, item in paths.items():
            if not isinstance(item, dict):
                continue
            for method in HTTP_METHODS:
                if isinstance(item.get(method), dict):
                    yield path, method, item[method]

    def parameters(self, path_item, op):
        """The operation's effective parameters: the path item's, overridden by its own."""
        params = {}
        for source in (path_item.get("parameters") or [], op.get("parameters") or []):
            for raw in source:
                param = self.resolve(raw)
                if isinstance(param, dict) and "name" in param and "in" in param:
                    params[(param["in"], param["name"])] = param
        return params

    def check_operations(self):
        paths = self.doc["paths"]
        op_ids = {}
        global_security = self.doc.get("security")
        for path, item in paths.items():
            if not isinstance(path, str) or not path.startswith("/"):
                self.problem(f"path {path!r} does not start with '/'")
            if not isinstance(item, dict):
                self.problem(f"path {path!r} is not a mapping")
                continue
            unknown = [k for k in item if k not in HTTP_METHODS and k not in
                       ("parameters", "summary", "description", "servers", "$ref")
                       and not str(k).startswith("x-")]
            if unknown:
                self.problem(f"{path}: unknown keys {unknown}")
            if not any(isinstance(item.get(m), dict) for m in HTTP_METHODS):
                self.problem(f"{path}: no operations")
        for path, method, op in self.operations():
            where = f"{method.upper()} {path}"
            op_id = op.get("operationId")
            if not op_id:
                self.problem(f"{where}: no operationId")
            elif op_id in op_ids:
                self.problem(f"{where}: operationId {op_id!r} is also used by {op_ids[op_id]}")
            else:
                op_ids[op_id] = where

            responses = op.get("responses")
            if not isinstance(responses, dict) or not responses:
                self.problem(f"{where}: no responses")
            else:
                for status, response in responses.items():
                    resolved = self.resolve(response)
                    if not isinstance(resolved, dict):
                        continue  # broken $ref: reported by check_refs
                    if not resolved.get("description"):
                        self.problem(f"{where}: response {status} has no description")

            params = self.parameters(item_of(paths, path), op)
            template = re.findall(r"\{([^{}/]+)\}", path)
            if len(template) != len(set(template)):
                self.problem(f"{where}: a path parameter occurs twice in the template")
            declared = {name for (where_in, name) in params if where_in == "path"}
            for name in sorted(set(template) - declared):
                self.problem(f"{where}: path parameter {{{name}}} is not declared (in: path)")
            for name in sorted(declared - set(template)):
                self.problem(f"{where}: parameter {name!r} is declared in: path but not in the template")
            for name in sorted(declared & set(template)):
                if params[("path", name)].get("required") is not True:
                    self.problem(f"{where}: path parameter {name!r} is not marked required: true")

            security = op.get("security", global_security)
            public = security == []
            roles = op.get("x-roles")
            if public:
                if roles is not None:
                    self.problem(f"{where}: public (security: []) but lists x-roles")
            elif roles is None:
                self.problem(f"{where}: no x-roles")
            elif not isinstance(roles, list) or not roles:
                self.problem(f"{where}: x-roles is not a non-empty list")
            else:
                for role in roles:
                    if role not in ROLES:
                        self.problem(f"{where}: x-roles names unknown role {role!r} "
                                     f"(known: {', '.join(sorted(ROLES))})")
                if len(roles) != len(set(map(str, roles))):
                    self.problem(f"{where}: x-roles lists a role twice")

    # --- schemas -------------------------------------------------------------------------

    def check_required(self):
        """Object schemas anywhere: `required` (a list) names only defined properties."""
        def walk(node, where):
            if isinstance(node, dict):
                required = node.get("required")
                is_object = node.get("type") == "object" or "properties" in node
                if isinstance(required, list) and is_object:
                    props = node.get("properties") or {}
                    for name in required:
                        if name not in props:
                            self.problem(f"{where}: required property {name!r} is not defined")
                    if len(required) != len(set(map(str, required))):
                        self.problem(f"{where}: required lists a property twice")
                for key, value in node.items():
                    walk(value, f"{where}/{key}")
            elif isinstance(node, list):
                for i, value in enumerate(node):
                    walk(value, f"{where}/{i}")
        walk(self.doc, "#")

    # --- routes --------------------------------------------------------------------------

    def base_path(self):
        servers = self.doc.get("servers")
        if not isinstance(servers, list) or not servers or not isinstance(servers[0], dict):
            self.problem("no servers: cannot tell the base path")
            return ""
        return urlparse(str(servers[0].get("url", ""))).path.rstrip("/")

    def spec_routes(self):
        base = self.base_path()
        routes = {}
        for path, method, op in self.operations():
            security = op.get("security", self.doc.get("security"))
            roles = op.get("x-roles")
            if security == []:
                roles = set()
            elif isinstance(roles, list) and roles:
                roles = set(map(str, roles))
            else:
                roles = None  # missing or malformed x-roles: reported already
            routes[(method.upper(), base + path)] = roles
        return routes


def item_of(paths, path):
    return paths[path] if isinstance(paths.get(path), dict) else {}


def server_routes(server, problems):
    """{(METHOD, path): roles or None} from `SERVER routes`, or None when it could not run."""
    try:
        run = subprocess.run([server, "routes"], capture_output=True, text=True, timeout=30)
    except FileNotFoundError:
        problems.append(f"server executable {server} not found")
        return None
    except PermissionError:
        problems.append(f"server executable {server} is not executable")
        return None
    except subprocess.TimeoutExpired:
        problems.append(f"`{server} routes` did not finish within 30 s")
        return None
    if run.returncode != 0:
        problems.append(f"`{server} routes` exited with {run.returncode}: {run.stderr.strip()}")
        return None
    routes = {}
    for number, line in enumerate(run.stdout.splitlines(), 1):
        fields = line.split()
        if not fields:
            continue
        roles = None
        if len(fields) == 3 and fields[2].startswith("roles="):
            roles = {r for r in fields[2][len("roles="):].split(",") if r}
        elif len(fields) != 2:
            problems.append(f"server routes line {number} is not `METHOD /path [roles=a,b]`: {line!r}")
            continue
        method, path = fields[0], fields[1]
        if method.lower() not in HTTP_METHODS or method != method.upper() or not path.startswith("/"):
            problems.append(f"server routes line {number} is not `METHOD /path [roles=a,b]`: {line!r}")
            continue
        if (method, path) in routes:
            problems.append(f"server lists {method} {path} twice")
        routes[(method, path)] = roles
    if not routes:
        problems.append(f"`{server} routes` printed no routes")
        return None
    return routes


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    spec_file, server = sys.argv[1], sys.argv[2]
    try:
        with open(spec_file, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
    except (OSError, yaml.YAMLError) as e:
        print(f"{spec_file}: cannot load: {e}")
        return 1
    if not isinstance(doc, dict):
        print(f"{spec_file}: not a YAML mapping")
        return 1

    spec = Spec(doc)
    if not str(doc.get("openapi", "")).startswith("3.0"):
        spec.problem(f"openapi is {doc.get('openapi')!r}, not 3.0.x")
    info = doc.get("info") if isinstance(doc.get("info"), dict) else {}
    for key in ("title", "version"):
        if not info.get(key):
            spec.problem(f"info.{key} is missing")
    if not isinstance(doc.get("paths"), dict) or not doc["paths"]:
        spec.problem("paths is missing or empty")
        doc["paths"] = {}
    spec.check_refs()
    spec.check_components()
    spec.check_operations()
    spec.check_required()
    documented = spec.spec_routes()

    served = server_routes(server, spec.problems)
    if served is not None:
        for method, path in sorted(set(served) - set(documented), key=lambda r: (r[1], r[0])):
            spec.problem(f"served but not in the spec: {method} {path}")
        for method, path in sorted(set(documented) - set(served), key=lambda r: (r[1], r[0])):
            spec.problem(f"in the spec but not served: {method} {path}")
        for route in sorted(set(documented) & set(served), key=lambda r: (r[1], r[0])):
            server_roles, spec_roles = served[route], documented[route]
            if server_roles is not None and spec_roles is not None and server_roles != spec_roles:
                spec.problem(f"{route[0]} {route[1]}: server allows roles "
                             f"{','.join(sorted(server_roles)) or '(none: public)'}, spec x-roles "
                             f"{','.join(sorted(spec_roles)) or '(none: public)'}")

    n_ops = sum(1 for _ in spec.operations())
    if spec.problems:
        print(f"{spec_file}: {len(spec.problems)} problem(s):")
        print("\n".join("  " + p for p in spec.problems))
        return 1
    print(f"{spec_file}: OpenAPI {doc['openapi']}, {len(doc['paths'])} paths, {n_ops} operations; "
          f"they match the {len(served)} routes {server} serves")
    return 0


if __name__ == "__main__":
    sys.exit(main())
