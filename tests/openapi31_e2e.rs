//! OpenAPI 3.1 end to end: `tests/fixtures/openapi31.yaml` loads without a single warning, and
//! its client (`fixture_client::v31`) sends and decodes what the spec says against a loopback
//! server: type lists, `null` members, `const`, `$defs` references with sibling descriptions,
//! `prefixItems` tuples, `contentMediaType` uploads, read-only fields and undeclared properties
//! kept across a round trip.

use fixture_client::v31::{types, Client};
use openapi_gen::lower_spec;
use serde_json::{json, Value};
use wiremock::ResponseTemplate;
use workspace_tests::{fixture, header, only_request, serve};

#[test]
fn a_valid_3_1_document_loads_without_warnings() {
    let (api, warnings) = lower_spec(&fixture("openapi31.yaml"), "v31").expect("loads");
    assert!(
        warnings.is_empty(),
        "valid 3.1 gives no warnings: {warnings:#?}"
    );
    assert_eq!(api.operations.len(), 3);
    // The webhook's payload is a model.
    assert!(api
        .types
        .types
        .iter()
        .any(|t| t.name == "PetAdoptedWebhook"));
    let pet = api
        .types
        .types
        .iter()
        .find(|t| t.name == "Pet")
        .expect("Pet");
    let openapi_gen::ir::TypeKind::Struct(pet) = &pet.kind else {
        panic!("Pet is a struct")
    };
    let docs = |name: &str| {
        pet.fields
            .iter()
            .find(|f| f.wire_name == name)
            .and_then(|f| f.docs.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        docs("owner"),
        "Who owns the pet.",
        "a $ref's sibling description"
    );
    assert!(
        docs("weight").contains("Value: > 0, < 100."),
        "{}",
        docs("weight")
    );
    assert!(docs("name").contains("Example: `Rex`."), "{}", docs("name"));
    assert!(
        docs("thumbnail").contains("Encoding: `base64`."),
        "{}",
        docs("thumbnail")
    );
}

fn rex() -> Value {
    json!({
        "id": 7,
        "name": "Rex",
        "nickname": null,
        "kind": "dog",
        "weight": 12.5,
        "owner": {"name": "Ann"},
        "position": [1.5, -2.0],
        "idOrName": 42,
        "created": "2024-01-02T03:04:05Z",
        "color": "brown",
        "vaccinated": true
    })
}

#[tokio::test]
async fn a_round_trip_keeps_undeclared_properties_and_omits_read_only_ones() {
    let server = serve(ResponseTemplate::new(201).set_body_json(rex())).await;
    let mut pet = types::Pet::new("Rex".to_owned(), types::PetKind::Dog);
    pet.tag = Some(None);
    let created = Client::new(server.uri())
        .create_pet(pet)
        .send()
        .await
        .expect("201")
        .into_inner();
    let sent: Value = serde_json::from_slice(&only_request(&server).await.body).expect("JSON");
    assert_eq!(
        sent,
        json!({"name": "Rex", "tag": null, "kind": "dog"}),
        "readOnly `id` and `created` are not required; an explicit null is sent"
    );

    assert_eq!(created.id, Some(7));
    assert_eq!(created.nickname, Some(None), "present and null");
    assert_eq!(created.tag, None, "absent");
    assert_eq!(created.position, Some((1.5, -2.0)));
    assert_eq!(created.id_or_name, Some(types::PetIdOrName::Integer(42)));
    assert_eq!(
        created.owner.as_ref().and_then(|o| o.name.as_deref()),
        Some("Ann")
    );
    assert_eq!(created.additional_properties["color"], "brown");
    // GET → modify → PUT: what the spec does not declare goes back unchanged.
    let mut changed = created.clone();
    changed.name = "Rex II".to_owned();
    let back = serde_json::to_value(&changed).expect("serializes");
    assert_eq!(back["color"], "brown");
    assert_eq!(back["vaccinated"], true);
    assert_eq!(back["name"], "Rex II");
}

#[tokio::test]
async fn a_type_list_path_parameter_is_either_type() {
    for (reference, path) in [
        (types::GetPetPetRef::Integer(5), "/pets/5"),
        (
            types::GetPetPetRef::String("rex two".to_owned()),
            "/pets/rex%20two",
        ),
    ] {
        let server = serve(ResponseTemplate::new(200).set_body_json(rex())).await;
        let pet = Client::new(server.uri())
            .get_pet(reference)
            .include("owner")
            .send()
            .await
            .expect("200");
        assert_eq!(pet.body.kind, types::PetKind::Dog);
        let request = only_request(&server).await;
        assert_eq!(request.url.path(), path);
        assert_eq!(request.url.query(), Some("include=owner"));
    }
}

#[tokio::test]
async fn a_content_media_type_names_the_part_type() {
    let server = serve(ResponseTemplate::new(204)).await;
    Client::new(server.uri())
        .upload_photo(3, types::UploadPhotoRequest::new(b"PNG".to_vec().into()))
        .send()
        .await
        .expect("204");
    let request = only_request(&server).await;
    let body = String::from_utf8(request.body.clone()).expect("UTF-8");
    assert!(!body.contains("caption"), "an unset field sends no part");
    assert!(
        body.contains("name=\"photo\"; filename=\"photo\"\r\nContent-Type: image/png\r\n\r\nPNG"),
        "{body}"
    );
    assert!(header(&request, "content-type")[0].starts_with("multipart/form-data; boundary="));
}
