//! Recursive models: box only the references that close a cycle, and turn recursive aliases
//! into newtypes (Rust rejects `type A = Vec<A>`).

use crate::diagnostics::Diagnostics;
use crate::ir::{TypeId, TypeKind, TypeRef, TypeSpace};

/// Finds aliases that only name each other (`A: {$ref: B}`, `B: {$ref: A}`): no value can have
/// such a type. Each such cycle is reported, naming its members, and its first alias becomes
/// any JSON value, which the others then name.
pub fn break_alias_cycles(space: &mut TypeSpace, diagnostics: &mut Diagnostics) {
    let alias_target = |space: &TypeSpace, id: TypeId| match &space.get(id).kind {
        TypeKind::Alias(inner) => match inner.strip() {
            TypeRef::Named(target) => Some(*target),
            _ => None,
        },
        _ => None,
    };
    // 0 = not visited, 1 = on the current chain, 2 = done.
    let mut state = vec![0u8; space.types.len()];
    for start in 0..space.types.len() {
        let mut chain = Vec::new();
        let mut current = Some(TypeId(start));
        while let Some(id) = current {
            match state[id.0] {
                2 => break,
                1 => {
                    let position = chain.iter().position(|c| *c == id).unwrap_or(0);
                    let cycle = &chain[position..];
                    let names: Vec<&str> = cycle
                        .iter()
                        .chain(std::iter::once(&cycle[0]))
                        .map(|c: &TypeId| space.get(*c).name.as_str())
                        .collect();
                    let first = cycle[0];
                    diagnostics.degraded(
                        &space.get(first).pointer,
                        format!(
                            "these schemas only refer to each other, so no value has their type: {}; `{}` is typed as any JSON value",
                            names.join(" → "),
                            names[0]
                        ),
                    );
                    space.types[first.0].kind = TypeKind::Alias(TypeRef::Json);
                    break;
                }
                _ => {
                    state[id.0] = 1;
                    chain.push(id);
                    current = alias_target(space, id);
                }
            }
        }
        for id in chain {
            state[id.0] = 2;
        }
    }
}

/// Marks the fields and variants that need `Box`, and converts recursive aliases to newtypes.
pub fn break_cycles(space: &mut TypeSpace) {
    // Aliases: any cycle through an alias, even via Vec, is illegal; make those newtypes.
    let all_edges = edges(space, false);
    let components = strongly_connected(space.types.len(), &all_edges);
    for (i, def) in space.types.iter_mut().enumerate() {
        if let TypeKind::Alias(inner) = &def.kind {
            let self_loop = all_edges[i].contains(&TypeId(i));
            let shared = components.iter().filter(|c| **c == components[i]).count() > 1;
            if self_loop || shared {
                def.kind = TypeKind::Newtype(inner.clone());
            }
        }
    }
    // Structs and unions: a by-value reference inside a cycle would make an infinite size.
    let by_value = edges(space, true);
    let components = strongly_connected(space.types.len(), &by_value);
    for i in 0..space.types.len() {
        let component = components[i];
        let in_cycle = |ty: &TypeRef| {
            by_value_target(ty).is_some_and(|target| components[target.0] == component)
        };
        match &mut space.types[i].kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    field.boxed = in_cycle(&field.ty);
                }
            }
            TypeKind::Union(u) => {
                for variant in &mut u.variants {
                    variant.boxed = in_cycle(&variant.ty);
                }
            }
            TypeKind::Newtype(inner) => {
                if in_cycle(inner) {
                    *inner = TypeRef::Boxed(Box::new(inner.clone()));
                }
            }
            TypeKind::Alias(_) => {}
            TypeKind::StringEnum(_) => {}
        }
    }
}

/// The named type reached by value (not behind a `Vec` or map), if any.
fn by_value_target(ty: &TypeRef) -> Option<TypeId> {
    match ty {
        TypeRef::Named(id) => Some(*id),
        TypeRef::Nullable(inner) => by_value_target(inner),
        _ => None,
    }
}

/// Each model's successors (see [`TypeSpace::successors`]), by type id.
fn edges(space: &TypeSpace, by_value: bool) -> Vec<Vec<TypeId>> {
    (0..space.types.len())
        .map(|i| space.successors(TypeId(i), by_value))
        .collect()
}

/// Tarjan's algorithm, iterative; returns the component index of each node.
fn strongly_connected(count: usize, edges: &[Vec<TypeId>]) -> Vec<usize> {
    const UNVISITED: usize = usize::MAX;
    let mut index = vec![UNVISITED; count];
    let mut low = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut stack = Vec::new();
    let mut component = vec![UNVISITED; count];
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..count {
        if index[root] != UNVISITED {
            continue;
        }
        // (node, next edge position)
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (node, ref mut position)) = work.last_mut() {
            if *position == 0 && index[node] == UNVISITED {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(next) = edges[node].get(*position).map(|t| t.0) {
                *position += 1;
                if index[next] == UNVISITED {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}
