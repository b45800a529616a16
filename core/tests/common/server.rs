//! A small HTTP/1.1 server on 127.0.0.1 for tests: each request path gets a scripted
//! reply (a page, a status, a redirect, silence, or an endless body). It runs on a thread
//! of its own with its own tokio runtime, so the code under test can block or run its own.

#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[derive(Clone)]
pub enum Reply {
    /// A status, a content type and a body (with its Content-Length).
    Body {
        status: u16,
        content_type: &'static str,
        body: Vec<u8>,
    },
    /// A redirect to `location`.
    Redirect(String),
    /// Reads the request, then says nothing until the connection closes.
    Silence,
    /// A chunked body that never ends (no Content-Length), `chunk` bytes at a time.
    Endless { chunk: usize },
    /// A Content-Length far above any cap, then bytes until the client hangs up.
    Declared { length: u64 },
}

impl Reply {
    pub fn html(body: impl Into<Vec<u8>>) -> Reply {
        Reply::Body {
            status: 200,
            content_type: "text/html; charset=utf-8",
            body: body.into(),
        }
    }
    pub fn json(body: impl Into<Vec<u8>>) -> Reply {
        Reply::Body {
            status: 200,
            content_type: "application/json",
            body: body.into(),
        }
    }
    pub fn status(status: u16) -> Reply {
        Reply::Body {
            status,
            content_type: "text/html",
            body: format!("<h1>{status}</h1>").into_bytes(),
        }
    }
}

pub struct TestServer {
    pub addr: SocketAddr,
    routes: Arc<Mutex<HashMap<String, Reply>>>,
    /// The raw head of every request received.
    pub requests: Arc<Mutex<Vec<String>>>,
    /// Body bytes written for endless/declared replies before the client stopped reading.
    pub streamed: Arc<AtomicU64>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl TestServer {
    pub fn start() -> TestServer {
        let routes: Arc<Mutex<HashMap<String, Reply>>> = Arc::default();
        let requests: Arc<Mutex<Vec<String>>> = Arc::default();
        let streamed = Arc::new(AtomicU64::new(0));
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let (r, q, s) = (routes.clone(), requests.clone(), streamed.clone());
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
                addr_tx.send(listener.local_addr().unwrap()).unwrap();
                let accept = async {
                    loop {
                        let Ok((sock, _)) = listener.accept().await else {
                            continue;
                        };
                        let (r, q, s) = (r.clone(), q.clone(), s.clone());
                        tokio::spawn(serve(sock, r, q, s));
                    }
                };
                tokio::select! {
                    _ = accept => {}
                    _ = stop_rx => {}
                }
            });
            rt.shutdown_background();
        });
        TestServer {
            addr: addr_rx.recv().unwrap(),
            routes,
            requests,
            streamed,
            stop: Some(stop_tx),
            thread: Some(thread),
        }
    }

    pub fn route(&self, path: &str, reply: Reply) -> &Self {
        self.routes.lock().unwrap().insert(path.to_string(), reply);
        self
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// The raw head of the last request received (panics when there was none).
    pub fn last_request(&self) -> String {
        self.requests
            .lock()
            .unwrap()
            .last()
            .expect("the server received a request")
            .clone()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

async fn serve(
    mut sock: tokio::net::TcpStream,
    routes: Arc<Mutex<HashMap<String, Reply>>>,
    requests: Arc<Mutex<Vec<String>>>,
    streamed: Arc<AtomicU64>,
) {
    loop {
        let mut head = Vec::new();
        let mut buf = [0u8; 1024];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            match sock.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => head.extend_from_slice(&buf[..n]),
            }
        }
        let text = String::from_utf8_lossy(&head).to_string();
        requests.lock().unwrap().push(text.clone());
        let path = text.split_whitespace().nth(1).unwrap_or("/").to_string();
        let reply = routes
            .lock()
            .unwrap()
            .get(&path)
            .cloned()
            .unwrap_or_else(|| Reply::status(404));
        match reply {
            Reply::Body {
                status,
                content_type,
                body,
            } => {
                let head = format!(
                    "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
                    reason(status),
                    body.len()
                );
                if sock.write_all(head.as_bytes()).await.is_err()
                    || sock.write_all(&body).await.is_err()
                {
                    return;
                }
            }
            Reply::Redirect(location) => {
                let head = format!(
                    "HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n"
                );
                if sock.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
            }
            Reply::Silence => {
                let _ = sock.read(&mut buf).await;
                std::future::pending::<()>().await;
            }
            Reply::Endless { chunk } => {
                let head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n";
                if sock.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let data = vec![b'a'; chunk];
                let frame = [
                    format!("{chunk:x}\r\n").into_bytes(),
                    data,
                    b"\r\n".to_vec(),
                ]
                .concat();
                loop {
                    if sock.write_all(&frame).await.is_err() {
                        return;
                    }
                    streamed.fetch_add(chunk as u64, Ordering::SeqCst);
                }
            }
            Reply::Declared { length } => {
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {length}\r\n\r\n"
                );
                if sock.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let data = vec![b'a'; 64 * 1024];
                loop {
                    if sock.write_all(&data).await.is_err() {
                        return;
                    }
                    streamed.fetch_add(data.len() as u64, Ordering::SeqCst);
                }
            }
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        404 => "Not Found",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}
