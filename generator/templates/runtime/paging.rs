//! Streams of items across all pages of a list operation: by offset and limit, by page
//! number, or by following what each page says comes next (a `Link: <...>; rel="next"` header
//! or a cursor field).

use std::future::Future;
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
}

impl<T> Page<T> {
    /// A page of `items` and what the response says comes next (`next`), with the total from
    /// `X-Total-Count`.
    pub fn new(items: Vec<T>, headers: &HeaderMap, next: Option<String>) -> Self {
        Page {
            items,
            total: total_count(headers),
            next,
        }
    }
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
            let is_next = after[..params_end].split(';').any(|param| {
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
            });
            if is_next {
                return Some(target.to_owned());
            }
            rest = &after[params_end..];
        }
    }
    None
}

/// A page on its way: the future `pages`' fetch function returned.
pub type PageFuture<'a, T, E> =
    Pin<Box<dyn Future<Output = Result<Page<T>, Error<E>>> + Send + 'a>>;

/// Sends one page request (`true` for the first, which may ask for the total).
type Fetch<'a, T, E> = Box<dyn FnMut(PageRequest, bool) -> PageFuture<'a, T, E> + Send + 'a>;

/// The items of every page, fetched one page at a time as they are consumed. Implements
/// `futures::Stream`; [`next`](Self::next) and [`collect`](Self::collect) work without
/// importing anything.
pub struct Items<'a, T, E> {
    fetch: Fetch<'a, T, E>,
    cursor: Cursor,
    buffer: std::vec::IntoIter<T>,
    /// The page request in flight, with the future that answers it.
    pending: Option<(PageRequest, PageFuture<'a, T, E>)>,
}

impl<T, E> Items<'_, T, E> {
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
                let Some(request) = self.cursor.next.take() else {
                    return Poll::Ready(None);
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
                Ok(page) => {
                    self.cursor.next = self.cursor.advance(
                        &request,
                        page.items.len() as u64,
                        page.total,
                        page.next,
                    );
                    self.buffer = page.items.into_iter();
                }
                Err(error) if self.cursor.is_past_the_end(&request, error.status()) => {
                    return Poll::Ready(None)
                }
                Err(error) => return Poll::Ready(Some(Err(error))),
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
            .finish_non_exhaustive()
    }
}

/// Where a stream of pages stands. Not generic, so its logic is compiled once for all
/// operations.
#[derive(Debug)]
struct Cursor {
    next: Option<PageRequest>,
    /// The offset the caller started at (offset paging).
    start: u64,
    first: bool,
    total: Option<u64>,
    seen: u64,
}

impl Cursor {
    /// What to ask for after `request` answered `count` items (and maybe the `total` and a
    /// `next` link or cursor): nothing after an empty or short page, or once the total is
    /// reached.
    fn advance(
        &mut self,
        request: &PageRequest,
        count: u64,
        total: Option<u64>,
        next: Option<String>,
    ) -> Option<PageRequest> {
        self.seen += count;
        if total.is_some() {
            self.total = total;
        }
        match *request {
            PageRequest::Offset { offset, limit } => {
                let end = offset + count;
                let reached = self.total.is_some_and(|total| end >= total);
                (count > 0 && count >= limit && !reached)
                    .then_some(PageRequest::Offset { offset: end, limit })
            }
            PageRequest::Number { page: number, size } => {
                let reached = self.total.is_some_and(|total| self.seen >= total);
                (count > 0 && count >= size && !reached).then_some(PageRequest::Number {
                    page: number + 1,
                    size,
                })
            }
            PageRequest::Start | PageRequest::Next(_) => next.map(PageRequest::Next),
        }
    }

    /// Whether an error with `status`, answering `request`, only says that the previous page
    /// was the last: a `400` for an offset past the end of a full last page, as SailPoint
    /// answers ("Specified offset is invalid") when the total is a multiple of the page size.
    fn is_past_the_end(&self, request: &PageRequest, status: Option<StatusCode>) -> bool {
        matches!(request, PageRequest::Offset { offset, .. } if *offset > self.start)
            && self.total.is_none()
            && status == Some(StatusCode::BAD_REQUEST)
    }
}

/// The items of all pages from `first` on. `fetch` sends one page request (`true` for the
/// first, which may ask for the total) and returns its future, boxed; it is called again only
/// when the previous page is used up, so a caller that stops early sends no more requests.
/// Errors end the stream after they are yielded; retries happen inside `fetch` as for single
/// calls.
pub fn pages<'a, T, E>(
    first: PageRequest,
    fetch: impl FnMut(PageRequest, bool) -> PageFuture<'a, T, E> + Send + 'a,
) -> Items<'a, T, E> {
    let start = match first {
        PageRequest::Offset { offset, .. } => offset,
        _ => 0,
    };
    Items {
        fetch: Box::new(fetch),
        cursor: Cursor {
            next: Some(first),
            start,
            first: true,
            total: None,
            seen: 0,
        },
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
            ready(Err::<Page<u64>, _>(Error::<()>::InvalidRequest(
                "bad filter".into(),
            )))
        };
        let result = block_on(
            pages(
                PageRequest::Offset {
                    offset: 0,
                    limit: 10,
                },
                fetch,
            )
            .collect(),
        );
        assert!(matches!(result, Err(Error::InvalidRequest(_))));
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
            }))
        };
        let items =
            block_on(pages(PageRequest::Number { page: 1, size: 10 }, fetch).collect()).unwrap();
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
            }))
        };
        let items = block_on(pages(PageRequest::Start, fetch).collect()).unwrap();
        assert_eq!(items, vec![1, 2, 3]);
    }
}
