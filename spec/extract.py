#!/usr/bin/env python3
"""Extract spec/v2024.yaml and spec/cc.yaml from the real SailPoint specs.

Usage (from anywhere):  python3 spec/extract.py

Reads  <repo>/tests/corpus/sailpoint/{v2024,cc}.yaml  (copies of SailPoint's specs; see SOURCE.md there) and writes
spec/v2024.yaml and spec/cc.yaml next to this script.  The output is deterministic, so running
the script again must reproduce the committed files byte for byte.

Everything is copied verbatim from the real specs (including `x-` extensions and examples), except
for the deviations listed in spec/README.md; each one is marked "DEVIATION" below.
"""

import copy
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SPECS = Path(__file__).resolve().parents[1] / "tests" / "corpus" / "sailpoint"

V2024_OPERATIONS = [
    "deleteIdentity",
    "getIdentity",
    "getIdentityOwnershipDetails",
    "getRoleAssignment",
    "getRoleAssignments",
    "listIdentities",
    "resetIdentity",
    "sendIdentityVerificationAccountToken",
    "startIdentitiesInvite",
    "startIdentityProcessing",
    "synchronizeAttributesForIdentity",
]
HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

# DEVIATION (path fix): real spec declares `POST /identities/{id}/reset` with path parameter `identityId`.
PATH_FIXES = {"resetIdentity": ("/identities/{id}/reset", "/identities/{identityId}/reset")}
# DEVIATION (seed text): the seed's summaries where they differ from the real ones.
SEED_SUMMARIES = {
    "getIdentity": ("Identity details", "Identity Details"),
    "listIdentities": ("List identities", "List Identities"),
    "startIdentityProcessing": ("Process a list of identityids", "Process a list of identityIds"),
}

EXPERIMENTAL_REF = "#/components/parameters/experimental"
# DEVIATION (experimental header): same keys, key order and texts as the 146 inline copies in the real
# v2024.yaml, but `default`/`example` are the string 'true' (the real spec has the boolean `true` under
# `type: string`; the seed documents "(default to 'true')").
EXPERIMENTAL_PARAM = {
    "name": "X-SailPoint-Experimental",
    "in": "header",
    "description": "Use this header to enable this experimental API.",
    "example": "true",
    "schema": {"type": "string", "default": "true"},
    "required": True,
}


# --------------------------------------------------------------------------------------------------
# YAML 1.2 (core schema) loading and dumping.
#
# PyYAML implements YAML 1.1, where e.g. `yes`, `on`, `2020-01-01`, `0123` or `1:20` are not strings.
# The Rust side (serde_yaml) follows YAML 1.2.  To copy values faithfully we load with 1.2 core rules
# and dump so that every string that *either* YAML version could read as a non-string is quoted.
# --------------------------------------------------------------------------------------------------
BOOL_12 = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
INT_12 = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
FLOAT_12 = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
BOOL_TAG = "tag:yaml.org,2002:bool"
INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
DROPPED_11_TAGS = {BOOL_TAG, INT_TAG, FLOAT_TAG, TIMESTAMP_TAG}


class Yaml12Loader(yaml.SafeLoader):
    """SafeLoader restricted to the YAML 1.2 core schema for bool/int/float; no timestamps."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in DROPPED_11_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(BOOL_TAG, BOOL_12, list("tTfF"))
Yaml12Loader.add_implicit_resolver(INT_TAG, INT_12, list("-+0123456789"))
Yaml12Loader.add_implicit_resolver(FLOAT_TAG, FLOAT_12, list("-+0123456789."))


def _construct_int_12(loader, node):
    value = loader.construct_scalar(node)
    if value.startswith("0o"):
        return int(value[2:], 8)
    if value.startswith("0x"):
        return int(value[2:], 16)
    return int(value, 10)


Yaml12Loader.add_constructor(INT_TAG, _construct_int_12)


class Yaml12Dumper(yaml.SafeDumper):
    """SafeDumper that also quotes strings a YAML 1.2 parser would not read as strings."""

    def ignore_aliases(self, data):
        return True  # never emit anchors/aliases: every copy is spelled out


Yaml12Dumper.add_implicit_resolver(BOOL_TAG, BOOL_12, list("tTfF"))
Yaml12Dumper.add_implicit_resolver(INT_TAG, INT_12, list("-+0123456789"))
Yaml12Dumper.add_implicit_resolver(FLOAT_TAG, FLOAT_12, list("-+0123456789."))


def _represent_str(dumper, value):
    # Literal block style for multi-line text (PyYAML falls back to quoting when a block is impossible).
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


Yaml12Dumper.add_representer(str, _represent_str)


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=Yaml12Loader)


def dump(doc):
    return yaml.dump(
        doc,
        Dumper=Yaml12Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100000,
        default_flow_style=False,
        indent=2,
    )


# --------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------
def pointer(doc, ref):
    if not ref.startswith("#/"):
        sys.exit(f"unsupported $ref {ref!r}")
    node = doc
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def find_operations(doc, operation_ids):
    """operationId -> (path, method, operation) for the wanted operations."""
    found = {}
    for path, item in doc["paths"].items():
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict) and op.get("operationId") in operation_ids:
                if set(item) - set(HTTP_METHODS):
                    sys.exit(f"{path}: path-level keys are not supported: {sorted(item)}")
                found[op["operationId"]] = (path, method, op)
    missing = set(operation_ids) - set(found)
    if missing:
        sys.exit(f"operations not found in real spec: {sorted(missing)}")
    return found


def collect_refs(doc, node, seen):
    """Transitive closure of `$ref`s reachable from node (in discovery order)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                if value not in seen:
                    seen.append(value)
                    collect_refs(doc, pointer(doc, value), seen)
            else:
                collect_refs(doc, value, seen)
    elif isinstance(node, list):
        for value in node:
            collect_refs(doc, value, seen)
    return seen


def is_experimental_header(param):
    return param.get("in") == "header" and param.get("name", "").lower() == "x-sailpoint-experimental"


def check_path_params(doc, path, op):
    template = set(re.findall(r"\{([^}]+)\}", path))
    declared = set()
    for p in op.get("parameters", []):
        if p.get("$ref") == EXPERIMENTAL_REF:
            continue  # a header parameter, defined only in our output
        p = pointer(doc, p["$ref"]) if "$ref" in p else p
        if p["in"] == "path":
            declared.add(p["name"])
    if template != declared:
        sys.exit(f"{op['operationId']}: path {path} placeholders {template} != path params {declared}")


def write(doc, name):
    text = dump(doc)
    if yaml.load(text, Loader=Yaml12Loader) != doc:  # self-check: the YAML round-trips exactly
        sys.exit(f"{name}: YAML round-trip mismatch")
    (HERE / name).write_text(text, encoding="utf-8")
    print(f"wrote spec/{name} ({len(text)} bytes)")


# --------------------------------------------------------------------------------------------------
# spec/v2024.yaml
# --------------------------------------------------------------------------------------------------
def build_v2024():
    real = load(SPECS / "v2024.yaml")
    found = find_operations(real, V2024_OPERATIONS)

    paths = {}
    # Keep the real spec's order of paths and of methods inside a path.
    for real_path, item in real["paths"].items():
        for method in HTTP_METHODS:
            op = item.get(method)
            if not (isinstance(op, dict) and op.get("operationId") in found):
                continue
            op = copy.deepcopy(op)
            op_id = op["operationId"]
            path = real_path
            if op_id in PATH_FIXES:
                expected_real, fixed = PATH_FIXES[op_id]
                assert real_path == expected_real, (op_id, real_path)
                path = fixed
            if op_id in SEED_SUMMARIES:
                expected_real, seed = SEED_SUMMARIES[op_id]
                assert op.get("summary") == expected_real, (op_id, op.get("summary"))
                op["summary"] = seed

            # Experimental header: replace the real inline copy in place, or append it.
            params = op.get("parameters", [])
            ref = {"$ref": EXPERIMENTAL_REF}
            inline = [i for i, p in enumerate(params) if is_experimental_header(p)]
            if inline:
                assert len(inline) == 1, op_id
                params[inline[0]] = ref
            else:
                params.append(ref)
                if "parameters" not in op:
                    op["parameters"] = params
            paths.setdefault(path, {})[method] = op

    for path, item in paths.items():
        for op in item.values():
            check_path_params(real, path, op)

    refs = []
    for item in paths.values():
        for op in item.values():
            for param in op["parameters"]:
                if param.get("$ref") != EXPERIMENTAL_REF:
                    collect_refs(real, param, refs)
            collect_refs(real, {k: v for k, v in op.items() if k != "parameters"}, refs)
    wanted = {}
    for ref in refs:
        parts = ref.split("/")
        if len(parts) != 4 or parts[:2] != ["#", "components"]:
            sys.exit(f"unexpected $ref {ref}")
        wanted.setdefault(parts[2], set()).add(parts[3])

    out_components = {"securitySchemes": copy.deepcopy(real["components"]["securitySchemes"])}
    for section in real["components"]:  # real section order, real entry order
        if section == "securitySchemes":
            continue
        names = wanted.get(section, set())
        entries = {n: copy.deepcopy(v) for n, v in real["components"][section].items() if n in names}
        if section == "parameters":
            entries["experimental"] = copy.deepcopy(EXPERIMENTAL_PARAM)
        if entries:
            out_components[section] = entries
    unknown = set(wanted) - set(real["components"])
    if unknown:
        sys.exit(f"refs into unknown component sections: {unknown}")

    info = copy.deepcopy(real["info"])
    info["title"] = "Identity Security Cloud V2024 API - Identities"  # DEVIATION: subset title
    tags = [copy.deepcopy(t) for t in real["tags"] if t["name"] == "Identities"]
    assert len(tags) == 1

    return {
        "openapi": "3.0.3",  # DEVIATION: real is 3.0.1
        "info": info,
        "servers": copy.deepcopy(real["servers"]),
        "security": copy.deepcopy(real["security"]),
        "tags": tags,
        "paths": paths,
        "components": out_components,
    }


# --------------------------------------------------------------------------------------------------
# spec/cc.yaml
# --------------------------------------------------------------------------------------------------
def build_cc():
    real = load(SPECS / "cc.yaml")
    found = find_operations(real, ["refreshIdentities"])
    path, method, op = found["refreshIdentities"]
    assert (path, method) == ("/cc/api/system/refreshIdentities", "post"), (path, method)
    op = copy.deepcopy(op)

    # DEVIATION (named schemas): the inline request-body object and its inline `refreshArgs` object
    # become components/schemas/RefreshIdentitiesRequest{,RefreshArgs} (openapi-generator's names).
    media = op["requestBody"]["content"]["application/json"]
    request = media["schema"]
    refresh_args = request["properties"]["refreshArgs"]
    request["properties"]["refreshArgs"] = {
        "$ref": "#/components/schemas/RefreshIdentitiesRequestRefreshArgs"
    }
    media["schema"] = {"$ref": "#/components/schemas/RefreshIdentitiesRequest"}

    tags = [copy.deepcopy(t) for t in real["tags"] if t["name"] in op.get("tags", [])]
    info = copy.deepcopy(real["info"])
    info["title"] = "IdentityNow cc (private) APIs - System"  # DEVIATION: subset title

    return {
        "openapi": "3.0.3",  # DEVIATION: real is 3.0.0
        "info": info,
        "servers": copy.deepcopy(real["servers"]),
        # DEVIATION: the real cc.yaml has no top-level `security`; we add the same requirement the
        # operation declares, so the document has a default like v2024.yaml.
        "security": copy.deepcopy(op["security"]),
        "tags": tags,
        "paths": {path: {method: op}},
        "components": {
            "securitySchemes": copy.deepcopy(real["components"]["securitySchemes"]),
            "schemas": {
                "RefreshIdentitiesRequest": request,
                "RefreshIdentitiesRequestRefreshArgs": refresh_args,
            },
        },
    }


def main():
    write(build_v2024(), "v2024.yaml")
    write(build_cc(), "cc.yaml")


if __name__ == "__main__":
    main()
