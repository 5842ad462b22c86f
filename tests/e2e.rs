//! End-to-end: every operation of the generated client against a real HTTP server on loopback
//! (wiremock). Each test asserts the exact request the client sent (method, path, query string,
//! headers, JSON body) and that the success body and every declared error status decode into
//! the right types.

use std::future::Future;

use sailpoint_identities::runtime::{Error, ResponseValue};
use sailpoint_identities::{cc, v2024};
use serde_json::{json, Value};
use wiremock::{MockServer, Request, ResponseTemplate};
use workspace_tests::{header, only_request, serve};

const TOKEN: &str = "test-access-token-6f1c";

/// A server that answers every request with `status` and `body` (JSON unless `Value::Null`).
async fn server_answering(status: u16, body: Value) -> MockServer {
    let mut response = ResponseTemplate::new(status).insert_header("x-request-id", "req-42");
    if !body.is_null() {
        response = response.set_body_json(body);
    }
    serve(response).await
}

/// Asserts the method, path, exact query string and the headers every call must carry.
fn assert_request(request: &Request, method: &str, path: &str, query: Option<&str>) {
    assert_eq!(request.method.as_str(), method);
    assert_eq!(request.url.path(), path);
    assert_eq!(request.url.query(), query);
    assert_eq!(
        header(request, "authorization"),
        vec![format!("Bearer {TOKEN}")]
    );
}

fn assert_experimental(request: &Request) {
    assert_eq!(header(request, "x-sailpoint-experimental"), vec!["true"]);
}

fn assert_json_body(request: &Request, expected: Value) {
    assert_eq!(header(request, "content-type"), vec!["application/json"]);
    let sent: Value = serde_json::from_slice(&request.body).expect("JSON body");
    assert_eq!(sent, expected);
}

fn assert_no_body(request: &Request) {
    assert!(request.body.is_empty(), "no body is sent");
    assert!(header(request, "content-type").is_empty());
}

/// A client for the mock server that does not retry, so each test sees each response once;
/// tests of retries set their own policy.
fn v2024_client(server: &MockServer) -> v2024::Client {
    v2024::Client::new(format!("{}/v2024", server.uri()))
        .with_bearer_token(TOKEN)
        .with_retry_policy(sailpoint_identities::runtime::RetryPolicy::none())
}

fn error_dto() -> Value {
    json!({
        "detailCode": "400.1 Bad Request Content",
        "trackingId": "e7eab60924f64aa284175b9fa3309599",
        "messages": [{"locale": "en-US", "localeOrigin": "DEFAULT", "text": "The request was syntactically correct but its content is semantically invalid."}],
        "causes": []
    })
}

fn identity_json(id: &str) -> Value {
    json!({
        "id": id,
        "name": "Walter White",
        "created": "2023-01-03T21:16:22.432Z",
        "modified": "2023-01-03T21:16:22.432Z",
        "alias": "walter.white",
        "emailAddress": null,
        "processingState": "ERROR",
        "identityStatus": "LOCKED",
        "managerRef": {"type": "IDENTITY", "id": "2c4180a46faadee4016fb4e018c20626", "name": "Robert Robinson"},
        "isManager": true,
        "lastRefresh": "2020-11-22T15:42:31.123Z",
        "attributes": {"uid": "86754", "lastSyncDate": 1470348809380_i64},
        "lifecycleState": {"stateName": "active", "manuallyUpdated": true}
    })
}

/// Checks that each declared error status decodes into the variant `check` accepts, keeping
/// status and headers. `call` sends the operation against the given server.
async fn assert_declared_errors<E, T, F, Fut>(
    cases: &[(u16, Value)],
    call: F,
    check: impl Fn(u16, &E) -> bool,
) where
    E: std::fmt::Debug,
    T: std::fmt::Debug,
    F: Fn(MockServer) -> Fut,
    Fut: Future<Output = (MockServer, Result<ResponseValue<T>, Error<E>>)>,
{
    for (status, body) in cases {
        let server = server_answering(*status, body.clone()).await;
        let (_server, result) = call(server).await;
        match result {
            Err(Error::Api {
                status: got,
                headers,
                body,
                ..
            }) => {
                assert_eq!(got.as_u16(), *status);
                assert_eq!(
                    headers.get("x-request-id").map(|v| v.as_bytes()),
                    Some(&b"req-42"[..])
                );
                assert!(check(*status, &body), "status {status} decoded as {body:?}");
            }
            other => panic!("status {status}: expected a typed API error, got {other:?}"),
        }
    }
}

/// The error statuses every Identities operation declares, with realistic bodies.
fn standard_errors() -> Vec<(u16, Value)> {
    vec![
        (400, error_dto()),
        (
            401,
            json!({"error": "JWT validation failed: JWT is expired"}),
        ),
        (403, error_dto()),
        (404, error_dto()),
        (429, json!({"message": " Rate Limit Exceeded "})),
        (500, error_dto()),
    ]
}

/// A check that the ErrorResponseDto statuses listed, 401 and 429 decode into their variants.
macro_rules! error_check {
    ($error:path, [$($status:literal => $variant:ident),*]) => {{
        use $error as E;
        |status: u16, e: &E| match (status, e) {
            $(($status, E::$variant(b)) => b.tracking_id.as_deref() == Some("e7eab60924f64aa284175b9fa3309599"),)*
            (401, E::Unauthorized(b)) => b.error == Some(json!("JWT validation failed: JWT is expired")),
            (429, E::TooManyRequests(b)) => b.message == Some(json!(" Rate Limit Exceeded ")),
            _ => false,
        }
    }};
}

/// [`error_check`] for operations declaring ErrorResponseDto for 400, 403, 404 and 500.
macro_rules! standard_error_check {
    ($error:path) => {
        error_check!($error, [400 => BadRequest, 403 => Forbidden, 404 => NotFound, 500 => InternalServerError])
    };
}

#[tokio::test]
async fn list_identities_sends_every_query_parameter_and_decodes_the_list() {
    let server = server_answering(200, json!([identity_json("id-1"), identity_json("id-2")])).await;
    let response = v2024_client(&server)
        .list_identities()
        .filters(r#"id eq "6c9079b270a266a60170a2779fcb0006" or correlated eq false"#)
        .sorters("name,-cloudStatus")
        .default_filter(v2024::types::ListIdentitiesDefaultFilter::None)
        .count(true)
        .limit(50)
        .offset(100)
        .send()
        .await
        .expect("200 decodes");
    let request = only_request(&server).await;
    assert_request(
        &request,
        "GET",
        "/v2024/identities",
        Some("filters=id+eq+%226c9079b270a266a60170a2779fcb0006%22+or+correlated+eq+false&sorters=name%2C-cloudStatus&defaultFilter=NONE&count=true&limit=50&offset=100"),
    );
    assert_experimental(&request);
    assert_eq!(header(&request, "accept"), vec!["application/json"]);
    assert_no_body(&request);

    assert_eq!(response.status.as_u16(), 200);
    assert_eq!(
        response.headers.get("x-request-id").map(|v| v.as_bytes()),
        Some(&b"req-42"[..])
    );
    let identities = response.into_inner();
    assert_eq!(identities.len(), 2);
    let first = &identities[0];
    assert_eq!(first.id.as_deref(), Some("id-1"));
    assert_eq!(first.name, "Walter White");
    assert_eq!(
        first.created.map(|c| c.timestamp_millis()),
        Some(1_672_780_582_432)
    );
    // Optional + nullable: present-and-null is kept apart from absent.
    assert_eq!(first.email_address, Some(None));
    assert_eq!(
        first.processing_state,
        Some(Some(v2024::types::IdentityProcessingState::Error))
    );
    assert_eq!(
        first.identity_status,
        Some(v2024::types::IdentityIdentityStatus::Locked)
    );
    let manager = first.manager_ref.clone().flatten().expect("manager");
    assert_eq!(manager.name.as_deref(), Some("Robert Robinson"));
    assert_eq!(
        first
            .attributes
            .as_ref()
            .and_then(|a| a.get("lastSyncDate")),
        Some(&json!(1470348809380_i64))
    );
}

#[tokio::test]
async fn list_identities_without_options_sends_no_query_and_decodes_errors() {
    let server = server_answering(200, json!([])).await;
    let response = v2024_client(&server)
        .list_identities()
        .send()
        .await
        .expect("empty list");
    assert!(response.body.is_empty());
    let request = only_request(&server).await;
    assert_request(&request, "GET", "/v2024/identities", None);
    assert_experimental(&request);

    let errors: Vec<_> = standard_errors()
        .into_iter()
        .filter(|(s, _)| *s != 404)
        .collect();
    assert_declared_errors(
        &errors,
        |server| async move {
            let result = v2024_client(&server).list_identities().send().await;
            (server, result)
        },
        error_check!(
            v2024::operations::ListIdentitiesError,
            [400 => BadRequest, 403 => Forbidden, 500 => InternalServerError]
        ),
    )
    .await;
}

#[tokio::test]
async fn get_identity_fills_the_path_and_decodes_success_and_errors() {
    let server = server_answering(200, identity_json("ef38f94347e94562b5bb8424a56397d8")).await;
    let identity = v2024_client(&server)
        .get_identity("ef38f94347e94562b5bb8424a56397d8")
        .send()
        .await
        .expect("200 decodes");
    let request = only_request(&server).await;
    assert_request(
        &request,
        "GET",
        "/v2024/identities/ef38f94347e94562b5bb8424a56397d8",
        None,
    );
    assert_experimental(&request);
    assert_no_body(&request);
    assert_eq!(
        identity.id.as_deref(),
        Some("ef38f94347e94562b5bb8424a56397d8")
    );
    assert_eq!(
        identity
            .lifecycle_state
            .clone()
            .flatten()
            .map(|l| l.state_name),
        Some("active".to_owned())
    );

    assert_declared_errors(
        &standard_errors(),
        |server| async move {
            let result = v2024_client(&server).get_identity("x").send().await;
            (server, result)
        },
        standard_error_check!(v2024::operations::GetIdentityError),
    )
    .await;
}

#[tokio::test]
async fn path_parameters_are_percent_encoded() {
    let server = server_answering(200, identity_json("a/b")).await;
    v2024_client(&server)
        .get_identity("a/b c?d")
        .send()
        .await
        .expect("200 decodes");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/v2024/identities/a%2Fb%20c%3Fd");
    assert_eq!(request.url.query(), None);
}

#[tokio::test]
async fn delete_identity_returns_no_content_and_decodes_its_own_400_body() {
    let server = server_answering(204, Value::Null).await;
    let response = v2024_client(&server)
        .delete_identity("ef38f94347e94562b5bb8424a56397d8")
        .send()
        .await
        .expect("204");
    assert_eq!(response.status.as_u16(), 204);
    let request = only_request(&server).await;
    assert_request(
        &request,
        "DELETE",
        "/v2024/identities/ef38f94347e94562b5bb8424a56397d8",
        None,
    );
    assert_experimental(&request);
    assert_no_body(&request);

    let mut errors = standard_errors();
    errors[0] = (
        400,
        json!({
            "message": "Identity cannot be deleted as it is owner of following resources",
            "associationDetails": [{
                "associationType": "CAMPAIGN_OWNER",
                "entities": [{"id": "b660a232f05b4e04812ca974b3011e0f", "name": "Gaston.800ddf9640a", "type": "CAMPAIGN_CAMPAIGNER"}]
            }]
        }),
    );
    let standard = error_check!(
        v2024::operations::DeleteIdentityError,
        [403 => Forbidden, 404 => NotFound, 500 => InternalServerError]
    );
    assert_declared_errors(
        &errors,
        |server| async move {
            let result = v2024_client(&server).delete_identity("x").send().await;
            (server, result)
        },
        |status, e| match e {
            v2024::operations::DeleteIdentityError::BadRequest(details) => {
                status == 400
                    && details.message.as_deref()
                        == Some("Identity cannot be deleted as it is owner of following resources")
                    && details.association_details.as_ref().map(Vec::len) == Some(1)
            }
            other => standard(status, other),
        },
    )
    .await;
}

#[tokio::test]
async fn get_identity_ownership_details_decodes_association_details() {
    let body = json!({
        "associationDetails": [{
            "associationType": "ROLE_OWNER",
            "entities": [{"id": "b660a232f05b4e04812ca974b3011e0f", "name": "Gaston.800ddf9640a", "type": "ROLE"}]
        }]
    });
    let server = server_answering(200, body).await;
    let details = v2024_client(&server)
        .get_identity_ownership_details("ff8081814d2a8036014d701f3fbf53fa")
        .send()
        .await
        .expect("200 decodes")
        .into_inner();
    let request = only_request(&server).await;
    assert_request(
        &request,
        "GET",
        "/v2024/identities/ff8081814d2a8036014d701f3fbf53fa/ownership",
        None,
    );
    assert_experimental(&request);
    let first = &details.association_details.expect("details")[0];
    assert_eq!(first.association_type.as_deref(), Some("ROLE_OWNER"));

    assert_declared_errors(
        &standard_errors(),
        |server| async move {
            let result = v2024_client(&server)
                .get_identity_ownership_details("x")
                .send()
                .await;
            (server, result)
        },
        standard_error_check!(v2024::operations::GetIdentityOwnershipDetailsError),
    )
    .await;
}

#[tokio::test]
async fn reset_identity_uses_the_repaired_path_placeholder() {
    let server = server_answering(202, Value::Null).await;
    let response = v2024_client(&server)
        .reset_identity("ef38f94347e94562b5bb8424a56397d8")
        .send()
        .await
        .expect("202");
    assert_eq!(response.status.as_u16(), 202);
    let request = only_request(&server).await;
    // The real spec says `/identities/{id}/reset` with parameter `identityId`; the id must land in the URL.
    assert_request(
        &request,
        "POST",
        "/v2024/identities/ef38f94347e94562b5bb8424a56397d8/reset",
        None,
    );
    assert_experimental(&request);
    assert_no_body(&request);

    assert_declared_errors(
        &standard_errors(),
        |server| async move {
            let result = v2024_client(&server).reset_identity("x").send().await;
            (server, result)
        },
        standard_error_check!(v2024::operations::ResetIdentityError),
    )
    .await;
}

#[tokio::test]
async fn get_role_assignments_sends_filters_and_decodes_both_shapes() {
    let body = json!([
        {
            "id": "1cbb0705b38c4226b1334eadd8874086",
            "role": {"type": "ROLE", "id": "2c91808568c529c60168cca6f90c1313", "name": "Engineer"},
            "comments": "I'm a new Engineer and need this role to do my work",
            "assignmentSource": "UI",
            "assigner": {"type": "IDENTITY", "id": "2c91808568c529c60168cca6f90c1313", "name": "William Wilson"},
            "assignedDimensions": [{"id": "1acc8ffe5fcf457090de28bee2af36ee", "type": "DIMENSION", "name": "Northeast region"}],
            "addedDate": "2025-07-11T18:45:37.098Z"
        },
        {
            "id": "2cbb0705b38c4226b1334eadd8874086",
            "role": {"type": "ROLE", "id": "3c91808568c529c60168cca6f90c1313", "name": "Manager"}
        }
    ]);
    let server = server_answering(200, body).await;
    let assignments = v2024_client(&server)
        .get_role_assignments("ef38f94347e94562b5bb8424a56397d8")
        .role_id("e7697a1e96d04db1ac7b0f4544915d2c")
        .role_name("Engineer")
        .send()
        .await
        .expect("200 decodes")
        .into_inner();
    let request = only_request(&server).await;
    assert_request(
        &request,
        "GET",
        "/v2024/identities/ef38f94347e94562b5bb8424a56397d8/role-assignments",
        Some("roleId=e7697a1e96d04db1ac7b0f4544915d2c&roleName=Engineer"),
    );
    assert_experimental(&request);
    assert_eq!(assignments.len(), 2);
    use v2024::types::GetRoleAssignmentsOkItem as Item;
    match &assignments[0] {
        Item::RoleAssignmentDto(dto) => {
            assert_eq!(
                dto.comments.clone().flatten().as_deref(),
                Some("I'm a new Engineer and need this role to do my work")
            );
            assert_eq!(
                dto.role.as_ref().and_then(|r| r.name.as_deref()),
                Some("Engineer")
            );
        }
        other => panic!("expected the full assignment, got {other:?}"),
    }
    let second_id = match &assignments[1] {
        Item::RoleAssignmentDto(dto) => dto.id.as_deref(),
        Item::RoleAssignmentRef(reference) => reference.id.as_deref(),
        Item::Other(value) => panic!("both shapes are declared, got {value}"),
    };
    assert_eq!(second_id, Some("2cbb0705b38c4226b1334eadd8874086"));

    assert_declared_errors(
        &standard_errors(),
        |server| async move {
            let result = v2024_client(&server).get_role_assignments("x").send().await;
            (server, result)
        },
        standard_error_check!(v2024::operations::GetRoleAssignmentsError),
    )
    .await;
}

#[tokio::test]
async fn get_role_assignment_fills_both_path_parameters() {
    let body = json!({
        "id": "1cbb0705b38c4226b1334eadd8874086",
        "role": {"type": "ROLE", "id": "2c91808568c529c60168cca6f90c1313", "name": "Engineer"},
        "assignmentSource": "UI"
    });
    let server = server_answering(200, body).await;
    let assignment = v2024_client(&server)
        .get_role_assignment(
            "ef38f94347e94562b5bb8424a56397d8",
            "1cbb0705b38c4226b1334eadd8874086",
        )
        .send()
        .await
        .expect("200 decodes")
        .into_inner();
    let request = only_request(&server).await;
    assert_request(
        &request,
        "GET",
        "/v2024/identities/ef38f94347e94562b5bb8424a56397d8/role-assignments/1cbb0705b38c4226b1334eadd8874086",
        None,
    );
    assert_experimental(&request);
    assert_eq!(
        assignment.id.as_deref(),
        Some("1cbb0705b38c4226b1334eadd8874086")
    );

    assert_declared_errors(
        &standard_errors(),
        |server| async move {
            let result = v2024_client(&server)
                .get_role_assignment("x", "y")
                .send()
                .await;
            (server, result)
        },
        standard_error_check!(v2024::operations::GetRoleAssignmentError),
    )
    .await;
}

#[tokio::test]
async fn synchronize_attributes_decodes_the_job() {
    let body = json!({
        "id": "0f11f2a4-7c94-4bf3-a2bd-742580fe3bde",
        "status": "IN_PROGRESS",
        "payload": {"type": "SYNCHRONIZE_IDENTITY_ATTRIBUTES", "dataJson": "{\"identityId\":\"2c918083746f642c01746f990884012a\"}"}
    });
    let server = server_answering(202, body).await;
    let job = v2024_client(&server)
        .synchronize_attributes_for_identity("2c918083746f642c01746f990884012a")
        .send()
        .await
        .expect("202 decodes");
    assert_eq!(job.status.as_u16(), 202);
    let request = only_request(&server).await;
    assert_request(
        &request,
        "POST",
        "/v2024/identities/2c918083746f642c01746f990884012a/synchronize-attributes",
        None,
    );
    assert_experimental(&request);
    assert_no_body(&request);
    assert_eq!(
        job.body.status,
        v2024::types::IdentitySyncJobStatus::InProgress
    );
    assert_eq!(job.body.payload.type_, "SYNCHRONIZE_IDENTITY_ATTRIBUTES");

    assert_declared_errors(
        &standard_errors(),
        |server| async move {
            let result = v2024_client(&server)
                .synchronize_attributes_for_identity("x")
                .send()
                .await;
            (server, result)
        },
        standard_error_check!(v2024::operations::SynchronizeAttributesForIdentityError),
    )
    .await;
}

#[tokio::test]
async fn start_identities_invite_sends_the_json_body_and_decodes_the_task() {
    let body = json!({
        "id": "id12345",
        "type": "QUARTZ",
        "uniqueName": "Big Task",
        "description": "A Really Big Task",
        "parentName": null,
        "launcher": "sweep",
        "created": "2020-07-11T21:23:15.000Z",
        "modified": null,
        "launched": null,
        "completed": null,
        "completionStatus": null,
        "messages": [{"type": "INFO", "localizedText": {"locale": "en-US", "message": "Started"}, "key": "started", "parameters": [{"name": "value"}]}],
        "returns": [{"name": "label", "attributeName": "identityCount"}],
        "attributes": {"identityCount": 0},
        "progress": "Started",
        "percentComplete": 100,
        "someFutureField": "ignored"
    });
    let server = server_answering(202, body).await;
    let request_body = v2024::types::InviteIdentitiesRequest {
        ids: Some(Some(vec!["2b568c65bc3c4c57a43bd97e3a8e55".to_owned()])),
        uninvited: Some(false),
    };
    let task = v2024_client(&server)
        .start_identities_invite(request_body)
        .send()
        .await
        .expect("202 decodes")
        .into_inner();
    let request = only_request(&server).await;
    assert_request(&request, "POST", "/v2024/identities/invite", None);
    assert_experimental(&request);
    assert_json_body(
        &request,
        json!({"ids": ["2b568c65bc3c4c57a43bd97e3a8e55"], "uninvited": false}),
    );
    assert_eq!(task.unique_name, "Big Task");
    assert_eq!(task.type_, v2024::types::TaskStatusType::Quartz);
    assert_eq!(task.completion_status, None);
    assert_eq!(
        task.messages[0].type_,
        v2024::types::TaskStatusMessageType::Info
    );

    // An explicit null is sent for `Some(None)`; `None` leaves the field out.
    let server = server_answering(202, Value::Null).await;
    let _ = v2024_client(&server)
        .start_identities_invite(v2024::types::InviteIdentitiesRequest {
            ids: Some(None),
            uninvited: None,
        })
        .send()
        .await;
    assert_json_body(&only_request(&server).await, json!({"ids": null}));

    assert_declared_errors(
        &standard_errors(),
        |server| async move {
            let result = v2024_client(&server)
                .start_identities_invite(v2024::types::InviteIdentitiesRequest::default())
                .send()
                .await;
            (server, result)
        },
        standard_error_check!(v2024::operations::StartIdentitiesInviteError),
    )
    .await;
}

#[tokio::test]
async fn send_identity_verification_account_token_sends_the_body() {
    let server = server_answering(200, Value::Null).await;
    let response = v2024_client(&server)
        .send_identity_verification_account_token(
            "ef38f94347e94562b5bb8424a56397d8",
            v2024::types::SendAccountVerificationRequest {
                source_name: Some(Some("Active Directory Source".to_owned())),
                via: v2024::types::SendAccountVerificationRequestVia::EmailWork,
            },
        )
        .send()
        .await
        .expect("200");
    assert_eq!(response.status.as_u16(), 200);
    let request = only_request(&server).await;
    assert_request(
        &request,
        "POST",
        "/v2024/identities/ef38f94347e94562b5bb8424a56397d8/verification/account/send",
        None,
    );
    assert_experimental(&request);
    assert_json_body(
        &request,
        json!({"sourceName": "Active Directory Source", "via": "EMAIL_WORK"}),
    );

    assert_declared_errors(
        &standard_errors(),
        |server| async move {
            let result = v2024_client(&server)
                .send_identity_verification_account_token(
                    "x",
                    v2024::types::SendAccountVerificationRequest {
                        source_name: None,
                        via: v2024::types::SendAccountVerificationRequestVia::Unknown(
                            "PIGEON".to_owned(),
                        ),
                    },
                )
                .send()
                .await;
            (server, result)
        },
        standard_error_check!(v2024::operations::SendIdentityVerificationAccountTokenError),
    )
    .await;
}

#[tokio::test]
async fn start_identity_processing_sends_ids_and_decodes_the_task_result() {
    let body =
        json!({"type": "TASK_RESULT", "id": "78733556-9ea3-4f59-bf69-e5cd92b011b4", "name": null});
    let server = server_answering(202, body).await;
    let result = v2024_client(&server)
        .start_identity_processing(v2024::types::ProcessIdentitiesRequest {
            identity_ids: Some(vec!["ef38f94347e94562b5bb8424a56397d8".to_owned()]),
        })
        .send()
        .await
        .expect("202 decodes")
        .into_inner();
    let request = only_request(&server).await;
    assert_request(&request, "POST", "/v2024/identities/process", None);
    assert_experimental(&request);
    assert_json_body(
        &request,
        json!({"identityIds": ["ef38f94347e94562b5bb8424a56397d8"]}),
    );
    assert_eq!(
        result.id.as_deref(),
        Some("78733556-9ea3-4f59-bf69-e5cd92b011b4")
    );
    assert_eq!(result.type_.as_deref(), Some("TASK_RESULT"));

    assert_declared_errors(
        &standard_errors(),
        |server| async move {
            let result = v2024_client(&server)
                .start_identity_processing(v2024::types::ProcessIdentitiesRequest::default())
                .send()
                .await;
            (server, result)
        },
        standard_error_check!(v2024::operations::StartIdentityProcessingError),
    )
    .await;
}

#[tokio::test]
async fn refresh_identities_sends_one_content_type_and_the_body() {
    let server = server_answering(200, json!({"status": "refresh started", "count": 3})).await;
    let client = cc::Client::new(server.uri()).with_bearer_token(TOKEN);
    let response = client
        .refresh_identities()
        .body(cc::types::RefreshIdentitiesRequest {
            filter: Some(r#"name eq "Walter White""#.to_owned()),
            refresh_args: Some(cc::types::RefreshIdentitiesRequestRefreshArgs {
                correlate_entitlements: Some(true),
                promote_attributes: Some(true),
                refresh_manager_status: Some(false),
                synchronize_attributes: Some(false),
                prune_identities: Some(false),
                provision: Some(false),
            }),
        })
        .send()
        .await
        .expect("200 decodes");
    let request = only_request(&server).await;
    assert_request(&request, "POST", "/cc/api/system/refreshIdentities", None);
    // The spec's `Content-Type` header parameter must not add a second Content-Type.
    assert_json_body(
        &request,
        json!({
            "filter": "name eq \"Walter White\"",
            "refreshArgs": {
                "correlateEntitlements": true,
                "promoteAttributes": true,
                "refreshManagerStatus": false,
                "synchronizeAttributes": false,
                "pruneIdentities": false,
                "provision": false
            }
        }),
    );
    assert!(header(&request, "x-sailpoint-experimental").is_empty());
    assert_eq!(response.body.get("count"), Some(&json!(3)));

    // Without a body nothing is sent, not even a Content-Type.
    let server = server_answering(200, json!({})).await;
    cc::Client::new(server.uri())
        .with_bearer_token(TOKEN)
        .refresh_identities()
        .send()
        .await
        .expect("200 decodes");
    assert_no_body(&only_request(&server).await);
}

#[tokio::test]
async fn undeclared_status_and_undecodable_body_keep_the_raw_bytes() {
    let server = server_answering(418, json!({"teapot": true})).await;
    match v2024_client(&server).get_identity("x").send().await {
        Err(Error::UnexpectedStatus { status, body, .. }) => {
            assert_eq!(status.as_u16(), 418);
            assert_eq!(
                serde_json::from_slice::<Value>(&body).expect("json"),
                json!({"teapot": true})
            );
        }
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }

    let server = server_answering(200, json!({"id": 7})).await;
    match v2024_client(&server).get_identity("x").send().await {
        Err(Error::Decode {
            status, body, path, ..
        }) => {
            assert_eq!(status.as_u16(), 200);
            assert_eq!(path, "id");
            assert_eq!(&body[..], br#"{"id":7}"#);
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn unknown_enum_values_are_kept() {
    let mut identity = identity_json("x");
    identity["identityStatus"] = json!("ON_VACATION");
    let server = server_answering(200, identity).await;
    let identity = v2024_client(&server)
        .get_identity("x")
        .send()
        .await
        .expect("decodes");
    assert_eq!(
        identity.identity_status,
        Some(v2024::types::IdentityIdentityStatus::Unknown(
            "ON_VACATION".to_owned()
        ))
    );
    assert_eq!(
        serde_json::to_value(&identity.body).expect("serializes")["identityStatus"],
        json!("ON_VACATION")
    );
}

#[tokio::test]
async fn the_access_token_never_shows_in_debug_output_or_errors() {
    let server = server_answering(
        401,
        json!({"error": "JWT validation failed: JWT is expired"}),
    )
    .await;
    let client = v2024_client(&server);
    assert!(!format!("{client:?}").contains(TOKEN));
    let error = client.get_identity("x").send().await.expect_err("401");
    assert!(!format!("{error:?}").contains(TOKEN));
    assert!(!error.to_string().contains(TOKEN));

    // A transport error (nothing listens) must not leak it either.
    let closed = v2024::Client::new("http://127.0.0.1:9").with_bearer_token(TOKEN);
    let error = closed
        .get_identity("x")
        .send()
        .await
        .expect_err("connection refused");
    assert!(matches!(error, Error::Transport { .. }));
    assert!(!format!("{error:?}").contains(TOKEN));
    assert!(!error.to_string().contains(TOKEN));
}

#[tokio::test]
async fn invalid_header_values_are_errors_not_panics() {
    let server = server_answering(200, identity_json("x")).await;
    let result = v2024_client(&server)
        .get_identity("x")
        .x_sail_point_experimental("true\r\nX-Injected: 1")
        .send()
        .await;
    assert!(
        matches!(result, Err(Error::InvalidRequest { .. })),
        "{result:?}"
    );
    assert!(server
        .received_requests()
        .await
        .expect("recording")
        .is_empty());
}

#[test]
fn server_url_fills_the_tenant() {
    assert_eq!(
        v2024::server_url("acme"),
        "https://acme.api.identitynow.com/v2024"
    );
    assert_eq!(
        v2024::DEFAULT_SERVER_URL,
        "https://sailpoint.api.identitynow.com/v2024"
    );
    assert_eq!(cc::server_url("acme"), "https://acme.api.identitynow.com");
}

/// A server with an OAuth2 token endpoint (`/oauth/token`) and the Identities API behind it.
async fn server_with_token_endpoint(expires_in: u64) -> MockServer {
    use wiremock::matchers::{method, path};
    let server = MockServer::start().await;
    wiremock::Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "issued-token-1",
            "token_type": "bearer",
            "expires_in": expires_in
        })))
        .mount(&server)
        .await;
    wiremock::Mock::given(method("GET"))
        .and(path("/v2024/identities/x"))
        .respond_with(ResponseTemplate::new(200).set_body_json(identity_json("x")))
        .mount(&server)
        .await;
    server
}

const CLIENT_SECRET: &str = "client-secret-9d2e";

#[tokio::test]
async fn client_credentials_fetch_a_token_once_and_reuse_it() {
    let server = server_with_token_endpoint(3600).await;
    let client = v2024::Client::new(format!("{}/v2024", server.uri())).with_client_credentials(
        format!("{}/oauth/token", server.uri()),
        "client-id-1",
        CLIENT_SECRET,
    );
    assert!(!format!("{client:?}").contains(CLIENT_SECRET));
    client.get_identity("x").send().await.expect("first call");
    client.get_identity("x").send().await.expect("second call");

    let requests = server.received_requests().await.expect("recording");
    let paths: Vec<&str> = requests.iter().map(|r| r.url.path()).collect();
    assert_eq!(
        paths,
        ["/oauth/token", "/v2024/identities/x", "/v2024/identities/x"]
    );
    let token_request = &requests[0];
    assert_eq!(
        header(token_request, "content-type"),
        vec!["application/x-www-form-urlencoded"]
    );
    assert_eq!(
        String::from_utf8(token_request.body.clone()).expect("UTF-8"),
        format!(
            "grant_type=client_credentials&client_id=client-id-1&client_secret={CLIENT_SECRET}"
        )
    );
    for api_request in &requests[1..] {
        assert_eq!(
            header(api_request, "authorization"),
            vec!["Bearer issued-token-1"]
        );
        assert_experimental(api_request);
    }
}

#[tokio::test]
async fn client_credentials_reuse_a_short_lived_token_and_renew_it_when_it_expires() {
    // A 1-second token is renewed 0.1 s before it expires: reused for calls in quick
    // succession (not fetched for every call), fetched again once it has run out.
    let server = server_with_token_endpoint(1).await;
    let client = v2024::Client::new(format!("{}/v2024", server.uri())).with_client_credentials(
        format!("{}/oauth/token", server.uri()),
        "client-id-1",
        CLIENT_SECRET,
    );
    let token_fetches = || async {
        let requests = server.received_requests().await.expect("recording");
        requests
            .iter()
            .filter(|r| r.url.path() == "/oauth/token")
            .count()
    };
    client.get_identity("x").send().await.expect("first call");
    client.get_identity("x").send().await.expect("second call");
    client.get_identity("x").send().await.expect("third call");
    assert_eq!(
        token_fetches().await,
        1,
        "one token for calls in quick succession"
    );
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    client
        .get_identity("x")
        .send()
        .await
        .expect("call after expiry");
    assert_eq!(token_fetches().await, 2, "renewed once it expired");
}

#[tokio::test]
async fn a_refused_token_request_is_an_authentication_error_without_the_secret() {
    let server = server_answering(401, json!({"error": "invalid_client"})).await;
    let client = v2024::Client::new(format!("{}/v2024", server.uri())).with_client_credentials(
        format!("{}/oauth/token", server.uri()),
        "client-id-1",
        CLIENT_SECRET,
    );
    let error = client.get_identity("x").send().await.expect_err("no token");
    match &error {
        Error::Authentication { operation, message } => {
            assert_eq!(*operation, "getIdentity");
            assert!(message.contains("invalid_client"), "{message}")
        }
        other => panic!("expected an authentication error, got {other:?}"),
    }
    assert!(!format!("{error:?}").contains(CLIENT_SECRET));
    assert!(!error.to_string().contains(CLIENT_SECRET));
    // Only the token endpoint was called; the API request was never sent.
    let requests = server.received_requests().await.expect("recording");
    assert_eq!(requests.len(), 1);
}

/// A server that rate-limits the first `limited` requests (with `Retry-After: 0`), then answers.
async fn server_rate_limiting(limited: u64) -> MockServer {
    let server = MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "0")
                .set_body_json(json!({"message": " Rate Limit Exceeded "})),
        )
        .up_to_n_times(limited)
        .with_priority(1)
        .mount(&server)
        .await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(identity_json("x")))
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn rate_limited_requests_are_retried_when_a_policy_allows() {
    use sailpoint_identities::runtime::RetryPolicy;
    let server = server_rate_limiting(2).await;
    let identity = v2024_client(&server)
        .with_retry_policy(RetryPolicy::retries(3))
        .get_identity("x")
        .send()
        .await
        .expect("succeeds after two 429s");
    assert_eq!(identity.status.as_u16(), 200);
    let requests = server.received_requests().await.expect("recording");
    assert_eq!(requests.len(), 3);
    for request in &requests {
        assert_experimental(request);
        assert_eq!(
            header(request, "authorization"),
            vec![format!("Bearer {TOKEN}")]
        );
    }

    // Without a policy the 429 comes back as the typed error, after one request.
    let server = server_rate_limiting(1).await;
    let result = v2024_client(&server).get_identity("x").send().await;
    assert!(
        matches!(
            result,
            Err(Error::Api {
                body: v2024::operations::GetIdentityError::TooManyRequests(_),
                ..
            })
        ),
        "{result:?}"
    );
    assert_eq!(
        server.received_requests().await.expect("recording").len(),
        1
    );

    // Retries are bounded: the last 429 is returned.
    let server = server_rate_limiting(10).await;
    let result = v2024_client(&server)
        .with_retry_policy(RetryPolicy::retries(2))
        .get_identity("x")
        .send()
        .await;
    assert_eq!(
        result
            .expect_err("still limited")
            .status()
            .map(|s| s.as_u16()),
        Some(429)
    );
    assert_eq!(
        server.received_requests().await.expect("recording").len(),
        3
    );
}

#[tokio::test]
async fn post_bodies_are_resent_on_retry_but_not_after_a_503() {
    use sailpoint_identities::runtime::RetryPolicy;
    let server = server_rate_limiting(1).await;
    let _ = v2024_client(&server)
        .with_retry_policy(RetryPolicy::retries(1))
        .start_identity_processing(v2024::types::ProcessIdentitiesRequest {
            identity_ids: Some(vec!["a".to_owned()]),
        })
        .send()
        .await;
    let requests = server.received_requests().await.expect("recording");
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_json_body(request, json!({"identityIds": ["a"]}));
    }

    let server = server_answering(503, Value::Null).await;
    let _ = v2024_client(&server)
        .with_retry_policy(RetryPolicy::retries(3))
        .start_identity_processing(v2024::types::ProcessIdentitiesRequest::default())
        .send()
        .await;
    assert_eq!(
        server.received_requests().await.expect("recording").len(),
        1,
        "POST is not idempotent"
    );
}

#[tokio::test]
async fn idempotent_requests_back_off_and_retry_on_503() {
    use sailpoint_identities::runtime::RetryPolicy;
    let server = MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(204))
        .with_priority(2)
        .mount(&server)
        .await;
    let policy = RetryPolicy {
        max_retries: 2,
        initial_backoff: std::time::Duration::from_millis(5),
        max_backoff: std::time::Duration::from_millis(50),
        ..RetryPolicy::default()
    };
    let started = std::time::Instant::now();
    let response = v2024_client(&server)
        .with_retry_policy(policy)
        .delete_identity("x")
        .send()
        .await
        .expect("third attempt succeeds");
    assert_eq!(response.status.as_u16(), 204);
    assert_eq!(
        server.received_requests().await.expect("recording").len(),
        3
    );
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(7),
        "waited 2.5-5 ms then 5-10 ms (backoff with jitter)"
    );
}

#[test]
fn models_decode_json_objects_by_property_name() {
    use v2024::types::Identity;
    // Unknown properties are skipped; an escaped property name still matches.
    let identity: Identity = serde_json::from_str(
        r#"{"na\u006de": "Walter", "futureField": {"nested": [1, 2]}, "alias": "ww"}"#,
    )
    .expect("decodes");
    assert_eq!(identity.name, "Walter");
    assert_eq!(identity.alias.as_deref(), Some("ww"));
    // A repeated property keeps its last value.
    let identity: Identity =
        serde_json::from_str(r#"{"name": "first", "name": "last"}"#).expect("decodes");
    assert_eq!(identity.name, "last");
    // A missing required property is named.
    let error =
        serde_json::from_str::<Identity>(r#"{"alias": "ww"}"#).expect_err("name is required");
    assert!(
        error.to_string().contains("missing field `name`"),
        "{error}"
    );
    // Only a JSON object is a model (serde's derive also took arrays).
    let error = serde_json::from_str::<Identity>(r#"["Walter"]"#).expect_err("not an object");
    assert!(
        error
            .to_string()
            .contains("expected a JSON object (Identity)"),
        "{error}"
    );
    // Through serde_json::Value too (how union members decode).
    let identity: Identity =
        serde_json::from_value(json!({"name": "Walter", "emailAddress": null})).expect("decodes");
    assert_eq!(identity.email_address, Some(None));
}

#[tokio::test]
async fn requests_name_the_crate_and_time_out_without_leaking_the_query() {
    let server = server_answering(200, json!([])).await;
    v2024_client(&server)
        .list_identities()
        .send()
        .await
        .expect("200 decodes");
    assert_eq!(
        header(&only_request(&server).await, "user-agent"),
        vec![sailpoint_identities::runtime::USER_AGENT]
    );
    assert_eq!(
        sailpoint_identities::runtime::USER_AGENT,
        concat!("sailpoint-identities/", env!("CARGO_PKG_VERSION"))
    );

    let slow = serve(
        ResponseTemplate::new(200)
            .set_body_json(json!([]))
            .set_delay(std::time::Duration::from_secs(5)),
    )
    .await;
    let started = std::time::Instant::now();
    let error = v2024_client(&slow)
        .with_timeouts(
            std::time::Duration::from_secs(2),
            std::time::Duration::from_millis(200),
        )
        .list_identities()
        .filters(r#"email eq "jane.doe@example.com""#)
        .send()
        .await
        .expect_err("the server answers too late");
    assert!(started.elapsed() < std::time::Duration::from_secs(4));
    match &error {
        Error::Transport { operation, source } => {
            assert_eq!(*operation, "listIdentities");
            assert!(source.is_timeout(), "{source:?}")
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(shown.contains("/v2024/identities"), "{shown}");
        assert!(!shown.contains("jane"), "the filter leaked: {shown}");
        assert!(!shown.contains("filters"), "the query leaked: {shown}");
    }
}
