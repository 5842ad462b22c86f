#!/usr/bin/env python3
"""Writes a synthetic OpenAPI 3.0 spec (YAML) with N component schemas, for checking that
generation cost grows linearly with a spec's size.

Usage: bench/synthetic_spec.py N > spec.yaml

Each schema is an object shaped like SailPoint's: a description, eight properties (strings with
formats, an integer with bounds, a string enum, a nested inline object, a `$ref` to another
schema, an array of `$ref`s), two of them required; every 20th schema is a `oneOf` of two others
with a discriminator, every 10th an `allOf` of another schema plus properties. There is one
list operation (limit/offset/filters/sorters) and one get-by-id operation per 10 schemas, spread
over N/100 tags. The output is deterministic for a given N.
"""
import sys


def schema(i, n):
    other = (i * 7 + 3) % n
    third = (i * 13 + 5) % n
    if i % 20 == 19:
        return [
            f"    Schema{i}:",
            f"      description: Either Schema{other} or Schema{third} (number {i}).",
            "      oneOf:",
            f"        - $ref: '#/components/schemas/Schema{other}'",
            f"        - $ref: '#/components/schemas/Schema{third}'",
        ]
    lines = [f"    Schema{i}:"]
    body = "      "
    if i % 10 == 9:
        lines += [
            "      allOf:",
            f"        - $ref: '#/components/schemas/Schema{other}'",
            "        - type: object",
        ]
        body = "          "
    lines += [
        f"{body}description: Synthetic model number {i}, with a sentence of documentation.",
        f"{body}type: object",
        f"{body}required: [id, name]",
        f"{body}properties:",
        f"{body}  id:",
        f"{body}    type: string",
        f"{body}    description: The identifier of model {i}.",
        f"{body}    example: 2c9180835d2e5168015d32f890ca1581",
        f"{body}  name:",
        f"{body}    type: string",
        f"{body}    maxLength: 128",
        f"{body}  created:",
        f"{body}    type: string",
        f"{body}    format: date-time",
        f"{body}    readOnly: true",
        f"{body}  count:",
        f"{body}    type: integer",
        f"{body}    format: int32",
        f"{body}    minimum: 0",
        f"{body}    maximum: 1000",
        f"{body}  state:",
        f"{body}    type: string",
        f"{body}    enum: [ACTIVE, INACTIVE, PENDING_{i % 7}]",
        f"{body}  owner:",
        f"{body}    type: object",
        f"{body}    properties:",
        f"{body}      type:",
        f"{body}        type: string",
        f"{body}      id:",
        f"{body}        type: string",
        f"{body}  related:",
        f"{body}    $ref: '#/components/schemas/Schema{other}'",
        f"{body}  items:",
        f"{body}    type: array",
        f"{body}    items:",
        f"{body}      $ref: '#/components/schemas/Schema{third}'",
    ]
    return lines


def operations(n):
    lines = []
    for i in range(0, n, 10):
        tag = f"Tag{i // 100}"
        lines += [
            f"  /things{i}:",
            "    get:",
            f"      operationId: listThings{i}",
            f"      summary: Lists things of kind {i}",
            f"      tags: [{tag}]",
            "      parameters:",
            "        - {name: limit, in: query, schema: {type: integer, maximum: 250, default: 250}}",
            "        - {name: offset, in: query, schema: {type: integer, minimum: 0}}",
            "        - {name: filters, in: query, schema: {type: string}}",
            "        - {name: sorters, in: query, schema: {type: string}}",
            "      responses:",
            "        '200':",
            "          description: The things.",
            "          content:",
            "            application/json:",
            "              schema:",
            "                type: array",
            "                items:",
            f"                  $ref: '#/components/schemas/Schema{i}'",
            "        '400': {$ref: '#/components/responses/Error'}",
            "        '401': {$ref: '#/components/responses/Error'}",
            "        '429': {$ref: '#/components/responses/Error'}",
            f"  /things{i}/{{id}}:",
            "    get:",
            f"      operationId: getThing{i}",
            f"      tags: [{tag}]",
            "      parameters:",
            "        - {name: id, in: path, required: true, schema: {type: string}}",
            "      responses:",
            "        '200':",
            "          description: The thing.",
            "          content:",
            "            application/json:",
            "              schema:",
            f"                $ref: '#/components/schemas/Schema{i + 1 if i + 1 < n else i}'",
            "        '404': {$ref: '#/components/responses/Error'}",
        ]
    return lines


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    out = [
        "openapi: 3.0.3",
        "info:",
        f"  title: Synthetic API with {n} schemas",
        "  version: '1.0'",
        "servers:",
        "  - url: https://example.com/api",
        "paths:",
    ]
    out += operations(n)
    out += [
        "components:",
        "  responses:",
        "    Error:",
        "      description: An error.",
        "      content:",
        "        application/json:",
        "          schema:",
        "            type: object",
        "            properties:",
        "              detailCode: {type: string}",
        "              trackingId: {type: string}",
        "  schemas:",
    ]
    for i in range(n):
        out += schema(i, n)
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
