//! End-to-end tests of each construct in `tests/fixtures/constructs.yaml` through the generated
//! `fixture-client`, against a real HTTP server on loopback: multipart and form bodies,
//! query styles, several success types, status ranges and `default`, binary and CSV
//! responses, discriminated and undiscriminated unions, repaired paths.

use fixture_client::operations::{
    CreatePetError, CreatePetResponse, DownloadFileError, ListPetsError, UpdatePetNotesError,
};
use fixture_client::runtime::Error;
use fixture_client::{types, Client};
use serde_json::{json, Value};
use wiremock::ResponseTemplate;
use workspace_tests::{header, only_request, serve as server_answering};

fn cat(name: &str) -> Value {
    json!({"name": name, "petType": "cat", "lives": 9, "born": "2020-02-29T12:00:00Z", "birthday": "2020-02-29"})
}

#[tokio::test]
async fn query_lists_dates_and_headers_follow_their_styles() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(json!([
        cat("Tom"),
        {"name": "Rex", "petType": "dog", "goodBoy": true, "owner": null}
    ])))
    .await;
    let since = chrono::DateTime::parse_from_rfc3339("2024-01-02T03:04:05Z")
        .expect("date")
        .with_timezone(&chrono::Utc);
    let pets = Client::new(server.uri())
        .list_pets("trace-1")
        .tags(vec!["a b".to_owned(), "c".to_owned()])
        .ids(vec![1, 2, 3])
        .since(since)
        .send()
        .await
        .expect("200 decodes")
        .into_inner();
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/pets");
    assert_eq!(
        request.url.query(),
        Some("tags=a+b&tags=c&ids=1%2C2%2C3&since=2024-01-02T03%3A04%3A05Z")
    );
    assert_eq!(header(&request, "x-trace"), vec!["trace-1"]);

    // Discriminated union: `petType` picks the variant; allOf members are merged.
    match &pets[0] {
        types::Pet::Cat(cat) => {
            assert_eq!(cat.name, "Tom");
            assert_eq!(cat.lives, Some(9));
            assert_eq!(cat.birthday, chrono::NaiveDate::from_ymd_opt(2020, 2, 29));
        }
        other => panic!("expected a cat, got {other:?}"),
    }
    match &pets[1] {
        types::Pet::Dog(dog) => {
            assert!(dog.good_boy);
            assert_eq!(
                dog.owner,
                Some(None),
                "explicit null kept apart from absent"
            );
        }
        other => panic!("expected a dog, got {other:?}"),
    }
}

#[tokio::test]
async fn default_response_is_the_typed_error_for_any_other_status() {
    let server = server_answering(
        ResponseTemplate::new(503).set_body_json(json!({"title": "Down", "retryIn": 30})),
    )
    .await;
    let client =
        Client::new(server.uri()).with_retry_policy(fixture_client::runtime::RetryPolicy::none());
    match client.list_pets("t").send().await {
        Err(Error::Api {
            status,
            body: ListPetsError::Default(problem),
            ..
        }) => {
            assert_eq!(status.as_u16(), 503);
            assert_eq!(problem.title.as_deref(), Some("Down"));
            assert_eq!(
                problem.additional_properties.get("retryIn"),
                Some(&json!(30))
            );
        }
        other => panic!("expected the default error, got {other:?}"),
    }
}

#[tokio::test]
async fn several_success_types_become_an_enum_and_ranges_match() {
    let server = server_answering(ResponseTemplate::new(201).set_body_json(json!({"id": 7}))).await;
    let dog: types::Pet =
        serde_json::from_value(json!({"name": "Rex", "petType": "dog", "goodBoy": true}))
            .expect("a dog");
    let created = Client::new(server.uri())
        .create_pet(dog.clone())
        .send()
        .await
        .expect("201 decodes");
    assert_eq!(
        created.body,
        CreatePetResponse::Created(types::Created { id: Some(7) })
    );
    let sent: Value = serde_json::from_slice(&only_request(&server).await.body).expect("JSON");
    assert_eq!(
        sent,
        json!({"name": "Rex", "petType": "dog", "goodBoy": true})
    );

    let server = server_answering(ResponseTemplate::new(200).set_body_json(cat("Tom"))).await;
    let existing = Client::new(server.uri())
        .create_pet(dog.clone())
        .send()
        .await
        .expect("200");
    assert!(matches!(
        existing.body,
        CreatePetResponse::Ok(types::Pet::Cat(_))
    ));

    let server = server_answering(ResponseTemplate::new(422).set_body_string("name taken")).await;
    match Client::new(server.uri()).create_pet(dog).send().await {
        Err(Error::Api {
            status,
            body: CreatePetError::ClientError(text),
            ..
        }) => {
            assert_eq!(status.as_u16(), 422);
            assert_eq!(text, "name taken");
        }
        other => panic!("expected the 4XX text error, got {other:?}"),
    }
}

#[tokio::test]
async fn binary_response_and_repaired_path_placeholder() {
    let png = vec![0x89, b'P', b'N', b'G', 0, 255];
    let server =
        server_answering(ResponseTemplate::new(200).set_body_raw(png.clone(), "image/png")).await;
    let photo = Client::new(server.uri())
        .get_pets_by_id_photo("pet 1")
        .send()
        .await
        .expect("200");
    assert_eq!(&photo.body[..], &png[..]);
    let request = only_request(&server).await;
    // The spec says `/pets/{id}/photo` but names the parameter `petId`.
    assert_eq!(request.url.path(), "/pets/pet%201/photo");

    // The same download as a stream of chunks.
    let big: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    let server =
        server_answering(ResponseTemplate::new(200).set_body_raw(big.clone(), "image/png")).await;
    let mut stream = Client::new(server.uri())
        .get_pets_by_id_photo("p")
        .send_streaming()
        .await
        .expect("200");
    assert_eq!(stream.status.as_u16(), 200);
    let mut received = Vec::new();
    while let Some(chunk) = stream.body.next_chunk().await.expect("chunk") {
        received.extend_from_slice(&chunk);
    }
    assert_eq!(received, big);

    // Error statuses are still decoded, not streamed.
    let server = server_answering(ResponseTemplate::new(404).set_body_string("gone")).await;
    let result = Client::new(server.uri())
        .get_pets_by_id_photo("p")
        .send_streaming()
        .await;
    match result {
        Err(Error::UnexpectedStatus { status, body, .. }) => {
            assert_eq!(status.as_u16(), 404);
            assert_eq!(&body[..], b"gone");
        }
        other => panic!(
            "expected an undeclared-status error, got {:?}",
            other.map(|v| v.status)
        ),
    }
}

#[tokio::test]
async fn json_patch_body_uses_its_content_type_and_empty_errors_decode() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    let patch = vec![types::JsonPatchOperation {
        op: types::JsonPatchOperationOp::Replace,
        path: "/notes".to_owned(),
        value: Some(json!("likes fish")),
    }];
    Client::new(server.uri())
        .update_pet_notes(42)
        .body(patch)
        .send()
        .await
        .expect("204");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "PATCH");
    assert_eq!(request.url.path(), "/pets/42/notes");
    assert_eq!(
        header(&request, "content-type"),
        vec!["application/json-patch+json"]
    );
    let sent: Value = serde_json::from_slice(&request.body).expect("JSON");
    assert_eq!(
        sent,
        json!([{"op": "replace", "path": "/notes", "value": "likes fish"}])
    );

    let server = server_answering(ResponseTemplate::new(404)).await;
    let result = Client::new(server.uri()).update_pet_notes(1).send().await;
    assert!(
        matches!(
            result,
            Err(Error::Api {
                body: UpdatePetNotesError::NotFound,
                ..
            })
        ),
        "{result:?}"
    );
}

#[tokio::test]
async fn multipart_body_has_a_file_part_and_text_parts() {
    let server = server_answering(ResponseTemplate::new(201).set_body_json(json!({"id": 1}))).await;
    let mut labels = std::collections::BTreeMap::new();
    labels.insert("team".to_owned(), "blue".to_owned());
    Client::new(server.uri())
        .upload_file(types::UploadFileRequest {
            data: b"col1,col2\n1,2\n".to_vec().into(),
            name: "accounts.csv".to_owned(),
            tags: Some(vec!["a".to_owned(), "b".to_owned()]),
            labels: Some(labels),
            note: Some(None),
        })
        .send()
        .await
        .expect("201");
    let request = only_request(&server).await;
    let content_type = header(&request, "content-type").remove(0);
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("multipart content type");
    let body = String::from_utf8(request.body.clone()).expect("UTF-8 body");
    let parts: Vec<&str> = body
        .split(&format!("--{boundary}"))
        .map(str::trim)
        .filter(|p| !p.is_empty() && *p != "--")
        .collect();
    assert_eq!(
        parts,
        vec![
            // No file name given: the field's; content type: the spec's `encoding`.
            "Content-Disposition: form-data; name=\"data\"; filename=\"data\"\r\nContent-Type: image/png\r\n\r\ncol1,col2\n1,2",
            "Content-Disposition: form-data; name=\"name\"\r\n\r\naccounts.csv",
            "Content-Disposition: form-data; name=\"tags\"\r\n\r\na",
            "Content-Disposition: form-data; name=\"tags\"\r\n\r\nb",
            "Content-Disposition: form-data; name=\"labels\"\r\n\r\n{\"team\":\"blue\"}",
        ],
        "an explicit null note sends no part"
    );
    assert!(body.ends_with(&format!("--{boundary}--\r\n")));
}

#[tokio::test]
async fn form_body_is_url_encoded() {
    let server =
        server_answering(ResponseTemplate::new(200).set_body_json(json!({"access_token": "t0k"})))
            .await;
    let token = Client::new(server.uri())
        .login(types::LoginRequest {
            username: "jane doe".to_owned(),
            password: Some("p@ss&word".to_owned()),
            scope: Some(vec!["read".to_owned(), "write".to_owned()]),
        })
        .send()
        .await
        .expect("200");
    assert_eq!(token.body.access_token.as_deref(), Some("t0k"));
    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "content-type"),
        vec!["application/x-www-form-urlencoded"]
    );
    assert_eq!(
        String::from_utf8(request.body.clone()).expect("UTF-8"),
        "username=jane+doe&password=p%40ss%26word&scope=read&scope=write"
    );
}

#[tokio::test]
async fn deep_object_and_delimited_query_styles() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(json!([]))).await;
    Client::new(server.uri())
        .list_assignments()
        .filter(types::ListAssignmentsFilter {
            status: Some("active".to_owned()),
            owner: None,
        })
        .fields(vec!["id".to_owned(), "role".to_owned()])
        .sort(vec!["name".to_owned(), "-date".to_owned()])
        .send()
        .await
        .expect("200");
    let request = only_request(&server).await;
    assert_eq!(
        request.url.query(),
        Some("filter%5Bstatus%5D=active&fields=id%7Crole&sort=name+-date")
    );
}

#[tokio::test]
async fn any_of_without_required_fields_decodes_to_the_richest_branch() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(json!([
        {"id": "1", "role": "Engineer", "addedDate": "2025-07-11T18:45:37.098Z"},
        {"id": "2", "role": "Engineer", "comments": "needed for on-call", "assigner": "William"},
        {"id": "3", "role": "Engineer"}
    ])))
    .await;
    let items = Client::new(server.uri())
        .list_assignments()
        .send()
        .await
        .expect("200")
        .into_inner();
    use types::ListAssignmentsOkItem as Item;
    match &items[0] {
        Item::AssignmentRef(r) => assert!(r.added_date.is_some()),
        other => panic!("a payload with addedDate is a reference, got {other:?}"),
    }
    match &items[1] {
        Item::Assignment(a) => {
            assert_eq!(a.comments.as_deref(), Some("needed for on-call"));
            assert_eq!(a.assigner.as_deref(), Some("William"));
        }
        other => panic!("a payload with comments is a full assignment, got {other:?}"),
    }
    // Only shared keys: the tighter shape wins.
    assert!(
        matches!(&items[2], Item::AssignmentRef(_)),
        "{:?}",
        items[2]
    );
    // Serializing gives back what came in.
    assert_eq!(
        serde_json::to_value(&items[1]).expect("serializes"),
        json!({"id": "2", "role": "Engineer", "comments": "needed for on-call", "assigner": "William"})
    );
}

#[tokio::test]
async fn csv_response_is_text() {
    let server =
        server_answering(ResponseTemplate::new(200).set_body_raw("a,b\n1,2\n", "text/csv")).await;
    let report = Client::new(server.uri())
        .get_report()
        .send()
        .await
        .expect("200");
    assert_eq!(report.body, "a,b\n1,2\n");
}

#[test]
fn recursive_and_keyword_models_round_trip() {
    let tree: types::Tree = serde_json::from_value(json!({
        "value": 1.0,
        "children": [{"value": 2.0}],
        "parent": {"value": 0.5}
    }))
    .expect("tree");
    assert_eq!(tree.parent.as_ref().map(|p| p.value), Some(0.5));
    let nested: types::Nested = serde_json::from_value(json!([[], [[]]])).expect("nested");
    assert_eq!(nested.0.len(), 2);

    let odd: types::Identity2 = serde_json::from_value(json!({
        "type": "t", "self": "s", "fooBar": "camel", "foo_bar": "snake", "@odata.count": 3
    }))
    .expect("odd names");
    assert_eq!(odd.type_.as_deref(), Some("t"));
    assert_eq!(odd.self_.as_deref(), Some("s"));
    assert_eq!(odd.foo_bar.as_deref(), Some("camel"));
    assert_eq!(odd.foo_bar_2.as_deref(), Some("snake"));
    assert_eq!(odd.odata_count, Some(3));

    let scalar: types::Scalar = serde_json::from_value(json!(5)).expect("integer");
    assert_eq!(scalar, types::Scalar::Integer(5));
    let scalar: types::Scalar = serde_json::from_value(json!({"k": "v"})).expect("labels");
    assert!(matches!(scalar, types::Scalar::Labels(_)));

    let odd_enum: types::AccountsExportReportArguments =
        serde_json::from_value(json!({"match": "*"})).expect("enum");
    assert_eq!(
        odd_enum.match_,
        Some(types::AccountsExportReportArgumentsMatch::Asterisk)
    );
}

/// The parts of a multipart body, without boundaries.
fn multipart_parts(request: &wiremock::Request) -> Vec<String> {
    let content_type = header(request, "content-type").remove(0);
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("multipart content type")
        .to_owned();
    let body = String::from_utf8(request.body.clone()).expect("UTF-8 body");
    body.split(&format!("--{boundary}"))
        .map(str::trim)
        .filter(|p| !p.is_empty() && *p != "--")
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn a_file_part_takes_the_callers_file_name_and_content_type() {
    let server = server_answering(ResponseTemplate::new(201).set_body_json(json!({"id": 1}))).await;
    let photo = fixture_client::runtime::File::new(b"PNG".to_vec())
        .with_file_name("cat \"one\".png")
        .with_content_type("image/webp");
    Client::new(server.uri())
        .upload_file(types::UploadFileRequest {
            data: photo,
            name: "cat".to_owned(),
            tags: None,
            labels: None,
            note: None,
        })
        .send()
        .await
        .expect("201");
    let parts = multipart_parts(&only_request(&server).await);
    assert_eq!(
        parts[0],
        "Content-Disposition: form-data; name=\"data\"; filename=\"cat %22one%22.png\"\r\nContent-Type: image/webp\r\n\r\nPNG"
    );
}

#[tokio::test]
async fn a_binary_download_listed_after_a_json_media_type_is_read_as_bytes() {
    let png = vec![0x89, b'P', b'N', b'G', 0, 0xff];
    let server =
        server_answering(ResponseTemplate::new(200).set_body_raw(png.clone(), "image/png")).await;
    let file = Client::new(server.uri())
        .download_file("f 1")
        .send()
        .await
        .expect("bytes, not JSON");
    assert_eq!(file.body.as_ref(), png.as_slice());
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/files/f%201");
    assert_eq!(
        header(&request, "accept"),
        vec!["image/png, application/json"],
        "Accept lists the declared media types, the decoded one first"
    );

    // Its declared JSON error still decodes.
    let server =
        server_answering(ResponseTemplate::new(404).set_body_json(json!({"title": "gone"}))).await;
    let error = Client::new(server.uri())
        .download_file("f1")
        .send()
        .await
        .expect_err("404");
    match error {
        Error::Api {
            body: DownloadFileError::NotFound(problem),
            ..
        } => assert_eq!(problem.title.as_deref(), Some("gone")),
        other => panic!("expected the declared 404, got {other:?}"),
    }
}

#[tokio::test]
async fn unknown_union_members_are_kept_not_fatal() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(json!([
        cat("Tom"),
        {"name": "Tweety", "petType": "bird", "wings": 2}
    ])))
    .await;
    let pets = Client::new(server.uri())
        .list_pets("t")
        .send()
        .await
        .expect("an unknown petType does not fail the page")
        .into_inner();
    assert!(matches!(pets[0], types::Pet::Cat(_)));
    match &pets[1] {
        types::Pet::Other(value) => {
            assert_eq!(value["petType"], "bird");
            assert_eq!(value["wings"], 2);
        }
        other => panic!("expected the raw value, got {other:?}"),
    }
    // Sent back unchanged.
    assert_eq!(
        serde_json::to_value(&pets[1]).expect("serializes"),
        json!({"name": "Tweety", "petType": "bird", "wings": 2})
    );

    // An untagged union that fits no alternative keeps the value too.
    let scalar: types::Scalar = serde_json::from_value(json!([1, 2])).expect("kept");
    assert_eq!(scalar, types::Scalar::Other(json!([1, 2])));
}

#[tokio::test]
async fn properties_beside_one_of_wrap_the_union() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(json!([
        {"id": "e1", "kind": "click", "x": 3},
        {"id": "e2", "kind": "view", "page": "/home"},
        {"id": "e3", "kind": "scroll", "dy": 10}
    ])))
    .await;
    let events = Client::new(server.uri())
        .list_events()
        .send()
        .await
        .expect("200")
        .into_inner();
    assert_eq!(events[0].id, "e1");
    assert_eq!(
        events[0].kind,
        types::EventKind::Click(types::Click {
            kind: "click".to_owned(),
            x: 3
        })
    );
    assert!(matches!(&events[1].kind, types::EventKind::View(view) if view.page == "/home"));
    assert!(matches!(&events[2].kind, types::EventKind::Other(v) if v["dy"] == 10));
    assert_eq!(
        serde_json::to_value(&events[0]).expect("serializes"),
        json!({"id": "e1", "kind": "click", "x": 3})
    );
}

#[tokio::test]
async fn an_undeclared_2xx_is_a_success_when_its_body_is_unambiguous() {
    for status in [200, 202, 204] {
        let server = server_answering(ResponseTemplate::new(status)).await;
        let reset = Client::new(server.uri()).reset_job("j1").send().await;
        assert!(reset.is_ok(), "{status}: {reset:?}");
        assert_eq!(reset.expect("ok").status.as_u16(), status);
    }
    // One declared success body (201): a 200 carrying it decodes the same way.
    let server = server_answering(
        ResponseTemplate::new(200).set_body_json(json!({"id": "w1", "name": "knob"})),
    )
    .await;
    let widget = Client::new(server.uri())
        .create_widget(types::Widget::new("knob".to_owned()))
        .send()
        .await
        .expect("undeclared 200 with the declared body");
    assert_eq!(widget.body.id.as_deref(), Some("w1"));
}

#[tokio::test]
async fn read_only_properties_are_not_required_in_requests_nor_write_only_in_responses() {
    let server = server_answering(ResponseTemplate::new(201).set_body_json(json!({
        "id": "w1",
        "name": "knob",
        "createdAt": "2024-01-02T03:04:05Z"
    })))
    .await;
    let mut widget = types::Widget::new("knob".to_owned());
    widget.secret = Some("s3cr3t".to_owned());
    let created = Client::new(server.uri())
        .create_widget(widget)
        .send()
        .await
        .expect("a response without the writeOnly `secret` decodes")
        .into_inner();
    assert_eq!(created.id.as_deref(), Some("w1"));
    assert!(created.created_at.is_some());
    let request = only_request(&server).await;
    let sent: Value = serde_json::from_slice(&request.body).expect("JSON");
    assert_eq!(
        sent,
        json!({"name": "knob", "secret": "s3cr3t"}),
        "server-assigned `id` and `createdAt` are not sent"
    );
}

#[tokio::test]
async fn extra_query_parameters_and_headers_are_sent() {
    let server =
        server_answering(ResponseTemplate::new(200).set_body_raw("a,b\n", "text/csv")).await;
    let client = Client::new(server.uri());
    let builder = client
        .get_report()
        .extra_query("tenant", "acme corp")
        .extra_header("X-Debug", "1")
        .extra_header("X-Debug", "2")
        .extra_header("X-Api-Key", "k3y-s3cr3t");
    let debug = format!("{builder:?}");
    assert!(debug.contains("X-Api-Key"), "{debug}");
    assert!(
        !debug.contains("k3y-s3cr3t"),
        "header values stay out of Debug: {debug}"
    );
    builder.send().await.expect("200");
    let request = only_request(&server).await;
    assert_eq!(request.url.query(), Some("tenant=acme+corp"));
    assert_eq!(header(&request, "x-debug"), vec!["1", "2"]);

    let server = server_answering(ResponseTemplate::new(200)).await;
    let result = Client::new(server.uri())
        .get_report()
        .extra_header("X-Bad", "line\nbreak")
        .send()
        .await;
    assert!(
        matches!(result, Err(Error::InvalidRequest { .. })),
        "{result:?}"
    );
}

#[tokio::test]
async fn a_caller_can_pick_one_of_several_representations() {
    let server =
        server_answering(ResponseTemplate::new(200).set_body_json(json!([{"id": 1}, {"id": 2}])))
            .await;
    let items = Client::new(server.uri())
        .export_items()
        .send()
        .await
        .expect("JSON by default");
    assert_eq!(items.body.len(), 2);
    assert_eq!(
        header(&only_request(&server).await, "accept"),
        vec!["application/json, text/csv"]
    );

    let server =
        server_answering(ResponseTemplate::new(200).set_body_raw("id\n1\n2\n", "text/csv")).await;
    let csv = Client::new(server.uri())
        .export_items()
        .accept("text/csv")
        .send_raw()
        .await
        .expect("raw CSV");
    assert_eq!(csv.body.as_ref(), b"id\n1\n2\n");
    assert_eq!(
        header(&only_request(&server).await, "accept"),
        vec!["text/csv"]
    );
}

#[tokio::test]
async fn parameters_of_every_kind_are_written_as_the_spec_says() {
    let server =
        server_answering(ResponseTemplate::new(200).set_body_json(json!({"id": "t1"}))).await;
    let at = chrono::DateTime::parse_from_rfc3339("2024-05-01T10:00:00Z")
        .expect("date")
        .with_timezone(&chrono::Utc);
    #[allow(deprecated)]
    let thing = Client::new(server.uri())
        .get_thing(
            types::GetThingThingRef::Integer(7),
            types::ThingKind::Gizmo,
            chrono::NaiveDate::from_ymd_opt(2024, 5, 1).expect("date"),
            types::ThingKind::Gadget,
        )
        .priority(2)
        .at(at)
        .ref_(types::GetThingRef::String("a/b c".to_owned()))
        .kinds(vec![types::ThingKind::Gizmo, types::ThingKind::Gadget])
        .limit(10)
        .ratio(0.5)
        .flag(true)
        .big(u64::MAX)
        .x_level(1)
        .x_ref(types::GetThingXRef::Integer(42))
        .session("s1")
        .theme(types::ThingKind::Gizmo)
        .legacy("old")
        .send()
        .await
        .expect("200");
    assert_eq!(thing.body.id, "t1");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/things/7/gizmo/2024-05-01");
    assert_eq!(
        request.url.query(),
        Some("priority=2&at=2024-05-01T10%3A00%3A00Z&ref=a%2Fb+c&kinds=gizmo%2Cgadget&limit=10&ratio=0.5&flag=true&big=18446744073709551615&legacy=old")
    );
    assert_eq!(header(&request, "x-level"), vec!["1"]);
    assert_eq!(header(&request, "x-ref"), vec!["42"]);
    assert_eq!(header(&request, "x-kind"), vec!["gadget"]);
    assert_eq!(header(&request, "cookie"), vec!["session=s1; theme=gizmo"]);

    // A string member of a scalar union is one percent-encoded path segment.
    let server =
        server_answering(ResponseTemplate::new(200).set_body_json(json!({"id": "t2"}))).await;
    Client::new(server.uri())
        .get_thing(
            types::GetThingThingRef::String("3fa85f64-5717-4562-b3fc-2c963f66afa6".to_owned()),
            types::ThingKind::Unknown("new kind".to_owned()),
            chrono::NaiveDate::from_ymd_opt(2024, 5, 1).expect("date"),
            types::ThingKind::Gizmo,
        )
        .send()
        .await
        .expect("200");
    assert_eq!(
        only_request(&server).await.url.path(),
        "/things/3fa85f64-5717-4562-b3fc-2c963f66afa6/new%20kind/2024-05-01"
    );
}

#[tokio::test]
async fn allof_members_that_are_not_objects_keep_their_type() {
    let thing: types::Thing = serde_json::from_value(json!({
        "id": "t", "kind": "gadget", "level": null
    }))
    .expect("decodes");
    assert_eq!(thing.kind, Some(types::ThingKind::Gadget));
    assert_eq!(thing.level, Some(None));

    // A schema that is an allOf of one inline object is that struct, named after the schema.
    #[allow(deprecated)]
    let job = types::Job {
        id: "j1".to_owned(),
        old_field: None,
    };
    let server =
        server_answering(ResponseTemplate::new(200).set_body_json(json!({"id": "j1"}))).await;
    #[allow(deprecated)]
    let fetched = Client::new(server.uri())
        .get_job("j1")
        .send()
        .await
        .expect("200");
    assert_eq!(fetched.body, job);
}

#[test]
fn decode_errors_name_the_json_path_of_the_bad_value() {
    use fixture_client::runtime::json_path_at;
    let at = |text: &str| {
        let error = serde_json::from_str::<Vec<types::Created>>(text).expect_err("bad");
        json_path_at(text.as_bytes(), error.line(), error.column())
    };
    assert_eq!(at(r#"[{"id": 1}, {"id": "x"}]"#), "[1].id");
    assert_eq!(
        at("[{\"id\": 1},\n {\"id\": 2, \"id\\\"q\": 3},\n {\"id\": true}]"),
        "[2].id"
    );
    let error = serde_json::from_str::<types::Thing>(r#"{"x": {"y": [1, 2]}}"#).expect_err("no id");
    assert_eq!(
        json_path_at(br#"{"x": {"y": [1, 2]}}"#, error.line(), error.column()),
        "."
    );
    let text = r#"{"id": "t", "kind": 5}"#;
    let error = serde_json::from_str::<types::Thing>(text).expect_err("bad kind");
    assert_eq!(
        json_path_at(text.as_bytes(), error.line(), error.column()),
        "kind"
    );
}

/// Answers a GET with the request's query in a closure of the page asked for.
struct Pages(fn(&wiremock::Request) -> ResponseTemplate);

impl wiremock::Respond for Pages {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        (self.0)(request)
    }
}

fn query_value(request: &wiremock::Request, name: &str) -> Option<String> {
    request
        .url
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

async fn paged_server(
    route: &str,
    pages: fn(&wiremock::Request) -> ResponseTemplate,
) -> wiremock::MockServer {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::path(route))
        .respond_with(Pages(pages))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn link_headers_page_until_there_is_no_next() {
    let server = paged_server("/tags", |request| {
        let page: usize = query_value(request, "page").map_or(1, |p| p.parse().unwrap());
        let mut response = ResponseTemplate::new(200)
            .set_body_json(json!([format!("tag-{page}a"), format!("tag-{page}b")]));
        if page < 3 {
            // Relative and absolute links both work; per_page travels inside the link.
            let next = if page == 1 {
                format!(
                    "</tags?page=2&per_page={}>; rel=\"next\", </tags?page=3>; rel=\"last\"",
                    query_value(request, "per_page").unwrap()
                )
            } else {
                format!(
                    "<http://{}/tags?page=3&per_page=2>; rel=\"next\"",
                    request.headers.get("host").unwrap().to_str().unwrap()
                )
            };
            response = response.insert_header("Link", next.as_str());
        }
        response
    })
    .await;
    let tags = Client::new(server.uri())
        .list_tags()
        .per_page(2)
        .stream()
        .collect()
        .await
        .unwrap();
    assert_eq!(
        tags,
        ["tag-1a", "tag-1b", "tag-2a", "tag-2b", "tag-3a", "tag-3b"]
    );
    let requests = server.received_requests().await.unwrap();
    let queries: Vec<Option<&str>> = requests.iter().map(|r| r.url.query()).collect();
    assert_eq!(
        queries,
        [
            Some("per_page=2"),
            Some("page=2&per_page=2"),
            Some("page=3&per_page=2")
        ]
    );
}

#[tokio::test]
async fn page_numbers_start_at_the_minimum_and_stop_at_a_short_page() {
    let server = paged_server("/colors", |request| {
        let page: usize = query_value(request, "page").unwrap().parse().unwrap();
        let size: usize = query_value(request, "per_page").unwrap().parse().unwrap();
        let colors: Vec<String> = ((page - 1) * size..(page * size).min(7))
            .map(|i| format!("color-{i}"))
            .collect();
        ResponseTemplate::new(200).set_body_json(colors)
    })
    .await;
    let colors = Client::new(server.uri())
        .list_colors()
        .stream()
        .collect()
        .await
        .unwrap();
    assert_eq!(colors.len(), 7);
    let requests = server.received_requests().await.unwrap();
    let queries: Vec<Option<&str>> = requests.iter().map(|r| r.url.query()).collect();
    assert_eq!(
        queries,
        [
            Some("page=1&per_page=3"),
            Some("page=2&per_page=3"),
            Some("page=3&per_page=3")
        ],
        "declared maximum as the page size"
    );
}

#[tokio::test]
async fn cursors_come_from_the_previous_page_until_null() {
    let server =
        paged_server("/sizes", |request| {
            match query_value(request, "cursor").as_deref() {
                None => ResponseTemplate::new(200)
                    .set_body_json(json!({"data": [1, 2], "next_cursor": "c2"})),
                Some("c2") => ResponseTemplate::new(200)
                    .set_body_json(json!({"data": [3], "next_cursor": "c3"})),
                Some("c3") => ResponseTemplate::new(200)
                    .set_body_json(json!({"data": [], "next_cursor": null})),
                Some(other) => panic!("unexpected cursor {other}"),
            }
        })
        .await;
    let client = Client::new(server.uri());
    let mut sizes = client.list_sizes().stream();
    let mut seen = Vec::new();
    while let Some(size) = sizes.next().await {
        seen.push(size.unwrap());
    }
    assert_eq!(seen, [1, 2, 3]);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn typed_filters_render_values_by_the_property_type() {
    use fixture_client::operations::{ListVisitsFilter as F, ListVisitsSort as S};
    let at = chrono::DateTime::parse_from_rfc3339("2024-05-01T08:30:00Z")
        .unwrap()
        .to_utc();
    let filter = F::at_gt(at)
        .and(F::kind_in([
            types::ListVisitsOkItemKind::Walk,
            types::ListVisitsOkItemKind::Vet,
        ]))
        .and(F::guests_ge(2))
        .and(F::note_co("a \"b\"").or(F::note_pr().not()));
    let server = server_answering(ResponseTemplate::new(200).set_body_json(json!([]))).await;
    Client::new(server.uri())
        .list_visits()
        .filter_by(filter)
        .sort_by([S::at().descending(), S::kind()])
        .send()
        .await
        .unwrap();
    let request = only_request(&server).await;
    let query: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    assert_eq!(
        query,
        [
            (
                "filters".to_owned(),
                r#"at gt 2024-05-01T08:30:00Z and kind in ("walk", "vet") and guests ge 2 and (note co "a \"b\"" or not note pr)"#.to_owned()
            ),
            ("sorters".to_owned(), "-at,kind".to_owned()),
        ]
    );
}
