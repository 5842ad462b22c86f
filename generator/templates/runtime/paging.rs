//! Streams of items across all pages of a list operation: by offset and limit, by page
//! number, or by following what each page says comes next (a `Link: <...>; rel="next"` header
//! or a cursor field).

use std::collections::HashSet;
use std::future::Future;
use std::hash::{Hash, Hasher};
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::Stream;

use reqwest::header::{HeaderMap, LINK};
use reqwest::StatusCode;

use super::Error;

/// Which page to ask for next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PageRequest {
    /// Items from `offset` (0-based), at most `limit` of them.
    Offset {
        /// Items to skip.
        offset: u64,
        /// Page size.
        limit: u64,
    },
    /// Page number `page` of `size` items (`size` 0: the server's default).
    Number {
        /// The page number.
        page: u64,
        /// Page size.
        size: u64,
    },
    /// The request as the caller built it; later pages are [`Next`](Self::Next).
    Start,
    /// What the previous page handed back for the next one: the URL of its `rel="next"`
    /// link, or the cursor of a `next` field, as the operation pages.
    Next(String),
}

/// One page: its items, and what it says about the rest.
#[derive(Debug)]
pub struct Page<T> {
    /// The items, in order.
    pub items: Vec<T>,
    /// How many items there are in all, when the server says (`X-Total-Count`).
    pub total: Option<u64>,
    /// The `rel="next"` link or the next cursor, when the server gives one.
    pub next: Option<String>,
    /// A digest of the response body (see [`digest`]), to notice a server that answers every
    /// page alike.
    pub digest: Option<u64>,
}

impl<T> Page<T> {
    /// A page of `items` and what the response says comes next (`next`), with the total from
    /// `X-Total-Count`.
    pub fn new(items: Vec<T>, headers: &HeaderMap, next: Option<String>) -> Self {
        Page {
            items,
            total: total_count(headers),
            next,
            digest: None,
        }
    }

    /// This page with the [`digest`] of the body it was decoded from.
    pub fn digest(mut self, digest: u64) -> Self {
        self.digest = Some(digest);
        self
    }
}

/// A digest of a response body: equal bodies have equal digests.
pub fn digest(body: &[u8]) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    body.hash(&mut hasher);
    hasher.finish()
}

/// The `X-Total-Count` header as a number.
pub fn total_count(headers: &HeaderMap) -> Option<u64> {
    headers
        .get("x-total-count")?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// The target of the `rel="next"` entry of the `Link` headers (RFC 8288).
pub fn next_link(headers: &HeaderMap) -> Option<String> {
    for value in headers.get_all(LINK) {
        let Ok(text) = value.to_str() else { continue };
        let mut rest = text;
        while let Some(open) = rest.find('<') {
            let Some(close) = rest[open..].find('>') else {
                break;
            };
            let target = &rest[open + 1..open + close];
            let after = &rest[open + close + 1..];
            let params_end = after.find('<').unwrap_or(after.len());
            if is_next_rel(&after[..params_end]) {
                return Some(target.to_owned());
            }
            rest = &after[params_end..];
        }
    }
    None
}

/// Whether the parameters of one link (`; rel="next"; title=...`) say `rel` includes `next`.
fn is_next_rel(params: &str) -> bool {
    params.split(';').any(|param| {
        let Some((name, value)) = param.split_once('=') else {
            return false;
        };
        name.trim().eq_ignore_ascii_case("rel")
            && value
                .trim()
                .trim_end_matches(',')
                .trim_end()
                .trim_matches('"')
                .split_ascii_whitespace()
                .any(|rel| rel.eq_ignore_ascii_case("next"))
    })
}

/// A page on its way: the future `pages`' fetch function returned.
pub type PageFuture<'a, T, E> =
    Pin<Box<dyn Future<Output = Result<Page<T>, Error<E>>> + Send + 'a>>;

/// Sends one page request (`true` for the first, which may ask for the total).
type Fetch<'a, T, E> = Box<dyn FnMut(PageRequest, bool) -> PageFuture<'a, T, E> + Send + 'a>;

/// The items of every page, fetched one page at a time as they are consumed. Implements
/// `futures::Stream`; [`next`](Self::next) and [`collect`](Self::collect) work without
/// importing anything.
///
/// The stream never loops and never ends early in silence: a page whose body equals the
/// previous one's, or a next link or cursor handed back a second time, ends it with
/// [`Error::Paging`], and so does going past [`max_pages`](Self::max_pages).
pub struct Items<'a, T, E> {
    fetch: Fetch<'a, T, E>,
    cursor: Cursor,
    buffer: std::vec::IntoIter<T>,
    /// The page request in flight, with the future that answers it.
    pending: Option<(PageRequest, PageFuture<'a, T, E>)>,
}

impl<T, E> Items<'_, T, E> {
    /// Ends the stream with [`Error::Paging`] instead of asking for page `limit + 1`: a safety
    /// valve against a server that pages forever with pages that differ.
    pub fn max_pages(mut self, limit: u64) -> Self {
        self.cursor.max_pages = Some(limit);
        self
    }

    /// The next item, `None` after the last one. After an error the stream ends.
    pub async fn next(&mut self) -> Option<Result<T, Error<E>>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    /// All remaining items, or the first error.
    pub async fn collect(mut self) -> Result<Vec<T>, Error<E>> {
        let mut items = Vec::new();
        while let Some(item) = self.next().await {
            items.push(item?);
        }
        Ok(items)
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, Error<E>>>> {
        loop {
            if let Some(item) = self.buffer.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            if self.pending.is_none() {
                let request = match self.cursor.take_next() {
                    Ok(Some(request)) => request,
                    Ok(None) => return Poll::Ready(None),
                    Err(message) => return Poll::Ready(Some(Err(self.cursor.error(message)))),
                };
                let first = std::mem::replace(&mut self.cursor.first, false);
                let future = (self.fetch)(request.clone(), first);
                self.pending = Some((request, future));
            }
            let Some((request, future)) = self.pending.as_mut() else {
                return Poll::Ready(None);
            };
            let outcome = match future.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(outcome) => outcome,
            };
            let request = std::mem::replace(request, PageRequest::Start);
            self.pending = None;
            match outcome {
                Ok(page) => match self.cursor.advance(&request, &page) {
                    Ok(()) => self.buffer = page.items.into_iter(),
                    Err(message) => return Poll::Ready(Some(Err(self.cursor.error(message)))),
                },
                Err(error) if self.cursor.is_past_the_end(&request, &error) => {
                    return Poll::Ready(None)
                }
                Err(error) => {
                    self.cursor.done = true;
                    return Poll::Ready(Some(Err(error)));
                }
            }
        }
    }
}

// Nothing in `Items` is pinned in place: the page future is boxed and the items are moved out
// of the buffer, so it can move freely whatever `T` is.
impl<T, E> Unpin for Items<'_, T, E> {}

impl<T, E> Stream for Items<'_, T, E> {
    type Item = Result<T, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}

impl<T, E> std::fmt::Debug for Items<'_, T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Items")
            .field("next", &self.cursor.next)
            .field("seen", &self.cursor.seen)
            .field("pages", &self.cursor.pages)
            .finish_non_exhaustive()
    }
}

/// Where a stream of pages stands. Not generic, so its logic is compiled once for all
/// operations.
#[derive(Debug)]
struct Cursor {
    operation: &'static str,
    next: Option<PageRequest>,
    /// The offset the caller started at (offset paging).
    start: u64,
    first: bool,
    total: Option<u64>,
    /// Items received so far.
    seen: u64,
    /// Pages received so far.
    pages: u64,
    max_pages: Option<u64>,
    /// Whether the last page was as long as it was asked to be.
    last_full: bool,
    /// The digests of the bodies of the non-empty pages so far.
    page_digests: HashSet<u64>,
    /// Digests of the next links and cursors handed out so far.
    handed_out: HashSet<u64>,
    /// An error ended the stream.
    done: bool,
    /// Why the stream ends with an error once the current page is used up.
    repeated: Option<String>,
}

impl Cursor {
    fn new(operation: &'static str, first: PageRequest) -> Self {
        let start = match first {
            PageRequest::Offset { offset, .. } => offset,
            _ => 0,
        };
        Cursor {
            operation,
            next: Some(first),
            start,
            first: true,
            total: None,
            seen: 0,
            pages: 0,
            max_pages: None,
            last_full: false,
            page_digests: HashSet::new(),
            handed_out: HashSet::new(),
            done: false,
            repeated: None,
        }
    }

    /// The stream's error for `message`; nothing is asked for after it.
    fn error<E>(&mut self, message: String) -> Error<E> {
        self.done = true;
        self.next = None;
        Error::Paging {
            operation: self.operation,
            message,
        }
    }

    /// The next page to ask for, unless the stream is over or at its page limit.
    fn take_next(&mut self) -> Result<Option<PageRequest>, String> {
        if self.done {
            return Ok(None);
        }
        if let Some(message) = self.repeated.take() {
            return Err(message);
        }
        let Some(next) = self.next.take() else {
            return Ok(None);
        };
        match self.max_pages {
            Some(limit) if self.pages >= limit => Err(format!(
                "the listing has more than {limit} pages (the stream's max_pages); stopped \
                 after {} items",
                self.seen
            )),
            _ => Ok(Some(next)),
        }
    }

    /// Takes in the answer to `request` and decides what to ask for next: nothing after an
    /// empty page, a short page with no total that says there is more, or once the total is
    /// reached. An error when the server repeats itself.
    fn advance<T>(&mut self, request: &PageRequest, page: &Page<T>) -> Result<(), String> {
        let count = page.items.len() as u64;
        self.pages += 1;
        if let Some(digest) = page.digest.filter(|_| count > 0) {
            if !self.page_digests.insert(digest) {
                return Err(format!(
                    "page {} repeats an earlier page (the server seems to ignore the paging \
                     parameters); stopped after {} items",
                    self.pages, self.seen
                ));
            }
        }
        self.seen = self.seen.saturating_add(count);
        if page.total.is_some() {
            self.total = page.total;
        }
        self.next = match *request {
            PageRequest::Offset { offset, limit } => {
                self.last_full = count >= limit;
                let end = offset.saturating_add(count);
                let more = match self.total {
                    Some(total) => end < total,
                    None => self.last_full,
                };
                (count > 0 && more).then_some(PageRequest::Offset { offset: end, limit })
            }
            PageRequest::Number { page: number, size } => {
                self.last_full = count >= size;
                let more = match self.total {
                    Some(total) => self.seen < total,
                    None => self.last_full,
                };
                (count > 0 && more).then_some(PageRequest::Number {
                    page: number.saturating_add(1),
                    size,
                })
            }
            PageRequest::Start | PageRequest::Next(_) => match &page.next {
                Some(next) if !self.handed_out.insert(digest(next.as_bytes())) => {
                    // This page's items are new; what it says comes next is not.
                    self.repeated = Some(format!(
                        "page {} hands back a next link or cursor given before; stopped \
                         after {} items",
                        self.pages, self.seen
                    ));
                    None
                }
                next => next.clone().map(PageRequest::Next),
            },
        };
        Ok(())
    }

    /// Whether `error`, answering `request`, only says that the previous page was the last:
    /// SailPoint's `400` "Specified offset is invalid" for the offset after a full last page
    /// (when the total is a multiple of the page size and was not asked for). Any other
    /// error, on any other page, is the caller's to see.
    fn is_past_the_end<E>(&self, request: &PageRequest, error: &Error<E>) -> bool {
        let PageRequest::Offset { offset, .. } = request else {
            return false;
        };
        *offset > self.start
            && *offset == self.start.saturating_add(self.seen)
            && self.last_full
            && self.total.is_none()
            && error.status() == Some(StatusCode::BAD_REQUEST)
            && error
                .message()
                .is_some_and(|message| message.to_ascii_lowercase().contains("offset"))
    }
}

/// The items of all pages of `operation` from `first` on. `fetch` sends one page request
/// (`true` for the first, which may ask for the total) and returns its future, boxed; it is
/// called again only when the previous page is used up, so a caller that stops early sends no
/// more requests. Errors end the stream after they are yielded; retries happen inside `fetch`
/// as for single calls.
pub fn pages<'a, T, E>(
    operation: &'static str,
    first: PageRequest,
    fetch: impl FnMut(PageRequest, bool) -> PageFuture<'a, T, E> + Send + 'a,
) -> Items<'a, T, E> {
    Items {
        fetch: Box::new(fetch),
        cursor: Cursor::new(operation, first),
        buffer: Vec::new().into_iter(),
        pending: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page answered at once.
    fn ready<T: Send + 'static>(result: Result<Page<T>, Error<()>>) -> PageFuture<'static, T, ()> {
        Box::pin(std::future::ready(result))
    }
    use reqwest::header::HeaderValue;
    use std::sync::{Arc, Mutex};

    fn link(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(LINK, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn next_links_are_found_among_others() {
        let headers = link(
            r#"<https://api.example.com/items?page=1>; rel="prev", <https://api.example.com/items?page=3&a=b,c>; rel="next", <https://api.example.com/items?page=9>; rel="last""#,
        );
        assert_eq!(
            next_link(&headers).as_deref(),
            Some("https://api.example.com/items?page=3&a=b,c")
        );
        assert_eq!(
            next_link(&link(r#"</x?page=2>; rel="next prefetch""#)).as_deref(),
            Some("/x?page=2")
        );
        assert_eq!(next_link(&link(r#"<https://a/x>; rel="last""#)), None);
        assert_eq!(next_link(&HeaderMap::new()), None);
    }

    /// A fake server of `total` numbered items, recording the requests.
    fn offset_server(
        total: u64,
        quirk: bool,
        report_total: bool,
    ) -> (
        Arc<Mutex<Vec<(PageRequest, bool)>>>,
        impl FnMut(PageRequest, bool) -> PageFuture<'static, u64, ()> + Send,
    ) {
        let log = Arc::new(Mutex::new(Vec::new()));
        let seen = log.clone();
        let fetch = move |request: PageRequest, first: bool| {
            seen.lock().unwrap().push((request.clone(), first));
            let PageRequest::Offset { offset, limit } = request else {
                unreachable!()
            };
            if quirk && offset >= total && offset > 0 {
                return ready(Err(Error::Api {
                    operation: "list",
                    status: StatusCode::BAD_REQUEST,
                    headers: HeaderMap::new(),
                    body: (),
                    message: Some("Specified offset is invalid.".into()),
                }));
            }
            let items: Vec<u64> = (offset..(offset + limit).min(total)).collect();
            ready(Ok(Page {
                items,
                total: (report_total && first).then_some(total),
                next: None,
                digest: Some(offset),
            }))
        };
        (log, fetch)
    }

    fn block_on<F: Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(future)
    }

    #[test]
    fn offset_paging_stops_at_a_short_page() {
        let (log, fetch) = offset_server(1234, true, false);
        let items = block_on(
            pages(
                "list",
                PageRequest::Offset {
                    offset: 0,
                    limit: 250,
                },
                fetch,
            )
            .collect(),
        )
        .unwrap();
        assert_eq!(items, (0..1234).collect::<Vec<_>>());
        assert_eq!(log.lock().unwrap().len(), 5);
    }

    #[test]
    fn a_400_past_a_full_last_page_ends_the_stream() {
        let (log, fetch) = offset_server(1250, true, false);
        let items = block_on(
            pages(
                "list",
                PageRequest::Offset {
                    offset: 0,
                    limit: 250,
                },
                fetch,
            )
            .collect(),
        )
        .unwrap();
        assert_eq!(items.len(), 1250);
        assert_eq!(
            log.lock().unwrap().len(),
            6,
            "five pages and the one answered 400"
        );
    }

    #[test]
    fn a_known_total_saves_the_request_past_the_end() {
        let (log, fetch) = offset_server(1250, true, true);
        let items = block_on(
            pages(
                "list",
                PageRequest::Offset {
                    offset: 0,
                    limit: 250,
                },
                fetch,
            )
            .collect(),
        )
        .unwrap();
        assert_eq!(items.len(), 1250);
        let log = log.lock().unwrap();
        assert_eq!(log.len(), 5);
        assert!(
            log[0].1 && !log[1].1,
            "only the first request asks for the total"
        );
    }

    #[test]
    fn a_400_on_the_first_page_is_an_error() {
        let fetch = |_: PageRequest, _: bool| {
            ready(Err::<Page<u64>, _>(Error::<()>::InvalidRequest {
                operation: "list",
                message: "bad filter".into(),
            }))
        };
        let result = block_on(
            pages(
                "list",
                PageRequest::Offset {
                    offset: 0,
                    limit: 10,
                },
                fetch,
            )
            .collect(),
        );
        assert!(matches!(result, Err(Error::InvalidRequest { .. })));
    }

    #[test]
    fn page_numbers_and_links_advance() {
        let fetch = |request: PageRequest, _: bool| {
            let PageRequest::Number { page, size } = request else {
                unreachable!()
            };
            let start = (page - 1) * size;
            let items: Vec<u64> = (start..(start + size).min(25)).collect();
            ready(Ok::<_, Error<()>>(Page {
                items,
                total: None,
                next: None,
                digest: None,
            }))
        };
        let items =
            block_on(pages("list", PageRequest::Number { page: 1, size: 10 }, fetch).collect())
                .unwrap();
        assert_eq!(items.len(), 25);

        let fetch = |request: PageRequest, _: bool| {
            let n: u64 = match request {
                PageRequest::Start => 1,
                PageRequest::Next(url) => url.trim_start_matches("/p").parse().unwrap(),
                _ => unreachable!(),
            };
            let next = (n < 3).then(|| format!("/p{}", n + 1));
            ready(Ok::<_, Error<()>>(Page {
                items: vec![n],
                total: None,
                next,
                digest: None,
            }))
        };
        let items = block_on(pages("list", PageRequest::Start, fetch).collect()).unwrap();
        assert_eq!(items, vec![1, 2, 3]);
    }

    /// Collects a stream from `first` over `fetch`, returning the items before the error.
    fn drain(
        first: PageRequest,
        fetch: impl FnMut(PageRequest, bool) -> PageFuture<'static, u64, ()> + Send + 'static,
        max_pages: Option<u64>,
    ) -> (Vec<u64>, Option<Error<()>>) {
        let mut stream = pages("list", first, fetch);
        if let Some(limit) = max_pages {
            stream = stream.max_pages(limit);
        }
        block_on(async move {
            let mut items = Vec::new();
            while let Some(item) = stream.next().await {
                match item {
                    Ok(item) => items.push(item),
                    Err(error) => {
                        assert!(stream.next().await.is_none(), "an error ends the stream");
                        return (items, Some(error));
                    }
                }
            }
            (items, None)
        })
    }

    fn offset(offset: u64, limit: u64) -> PageRequest {
        PageRequest::Offset { offset, limit }
    }

    #[test]
    fn a_server_that_ignores_the_offset_ends_the_stream_with_an_error() {
        let requests = Arc::new(Mutex::new(0));
        let counter = requests.clone();
        let fetch = move |_: PageRequest, _: bool| {
            *counter.lock().unwrap() += 1;
            ready(Ok(Page {
                items: (0..10).collect(),
                total: None,
                next: None,
                digest: Some(42),
            }))
        };
        let (items, error) = drain(offset(0, 10), fetch, None);
        assert_eq!(items.len(), 10, "the first page, not its repetition");
        let error = error.expect("an error, not an endless stream");
        assert!(matches!(error, Error::Paging { .. }), "{error}");
        assert!(
            error.to_string().starts_with("list: page 2 repeats"),
            "{error}"
        );
        assert_eq!(*requests.lock().unwrap(), 2);
    }

    #[test]
    fn a_repeated_cursor_or_link_ends_the_stream_with_an_error() {
        let fetch = |request: PageRequest, _: bool| {
            let n = match request {
                PageRequest::Start => 0,
                PageRequest::Next(_) => 1,
                _ => unreachable!(),
            };
            ready(Ok(Page {
                items: vec![n],
                total: None,
                next: Some("same-cursor".to_owned()),
                digest: None,
            }))
        };
        let (items, error) = drain(PageRequest::Start, fetch, None);
        assert_eq!(items, vec![0, 1]);
        assert!(
            error.unwrap().to_string().contains("given before"),
            "the cursor is not followed twice"
        );
    }

    #[test]
    fn max_pages_is_a_safety_valve() {
        let fetch = |request: PageRequest, _: bool| {
            let PageRequest::Number { page, .. } = request else {
                unreachable!()
            };
            ready(Ok(Page {
                items: vec![page, page],
                total: None,
                next: None,
                digest: Some(page),
            }))
        };
        let (items, error) = drain(PageRequest::Number { page: 1, size: 2 }, fetch, Some(3));
        assert_eq!(items, vec![1, 1, 2, 2, 3, 3]);
        assert!(error.unwrap().to_string().contains("more than 3 pages"));
    }

    #[test]
    fn short_pages_continue_while_the_total_says_there_is_more() {
        // The server caps pages at 100 items whatever the limit asked for.
        let fetch = |request: PageRequest, first: bool| {
            let PageRequest::Offset { offset, limit } = request else {
                unreachable!()
            };
            let end = (offset + limit.min(100)).min(440);
            ready(Ok(Page {
                items: (offset..end).collect(),
                total: first.then_some(440),
                next: None,
                digest: Some(offset),
            }))
        };
        let (items, error) = drain(offset(0, 250), fetch, None);
        assert!(error.is_none());
        assert_eq!(items, (0..440).collect::<Vec<_>>());
    }

    #[test]
    fn only_the_past_the_end_answer_ends_the_stream_quietly() {
        let answer = |message: &'static str| {
            move |request: PageRequest, _: bool| {
                let PageRequest::Offset { offset, limit } = request else {
                    unreachable!()
                };
                if offset >= 20 {
                    return ready(Err(Error::Api {
                        operation: "list",
                        status: StatusCode::BAD_REQUEST,
                        headers: HeaderMap::new(),
                        body: (),
                        message: Some(message.to_owned()),
                    }));
                }
                ready(Ok(Page {
                    items: (offset..offset + limit).collect(),
                    total: None,
                    next: None,
                    digest: Some(offset),
                }))
            }
        };
        let (items, error) = drain(offset(0, 10), answer("Specified offset is invalid."), None);
        assert_eq!((items.len(), error.is_none()), (20, true));
        let (items, error) = drain(offset(0, 10), answer("Invalid filter: name"), None);
        assert_eq!(items.len(), 20);
        assert!(
            error.unwrap().to_string().contains("Invalid filter"),
            "any other 400 is yielded, not taken for the end"
        );
        // A 400 about the offset right at the start is an error too.
        let (items, error) = drain(offset(20, 10), answer("Specified offset is invalid."), None);
        assert!(items.is_empty() && error.is_some());
    }
}
