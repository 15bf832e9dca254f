//! Downloads over HTTP(S) for `drydock vulndb update`: one GET, the body bounded, the server
//! checked against the system's certificate authorities (`SSL_CERT_FILE`, else Debian's and
//! Red Hat's bundles).

use bytes::Bytes;
use http_body_util::{BodyExt, Empty, Limited};
use hyper::Request;
use hyper_util::rt::TokioIo;
use std::sync::Arc;
use std::time::Duration;

/// Certificate bundles tried in order when `SSL_CERT_FILE` is not set.
const CA_BUNDLES: [&str; 3] = [
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/cert.pem",
];

fn tls_config() -> Result<Arc<rustls::ClientConfig>, String> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let path = std::env::var("SSL_CERT_FILE").ok().or_else(|| {
        CA_BUNDLES
            .iter()
            .find(|p| std::path::Path::new(p).exists())
            .map(|p| p.to_string())
    });
    let path = path.ok_or("no certificate authorities found (set SSL_CERT_FILE)")?;
    let mut roots = rustls::RootCertStore::empty();
    let certs =
        CertificateDer::pem_file_iter(&path).map_err(|e| format!("cannot read {path}: {e}"))?;
    for cert in certs.flatten() {
        // A bundle may hold certificates rustls refuses; the others still count.
        let _ = roots.add(cert);
    }
    Ok(Arc::new(
        rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth(),
    ))
}

/// GETs `url` (`http://` or `https://`), following up to five redirects; the body may be at
/// most `limit` bytes.
pub fn get(url: &str, limit: usize, timeout: Duration) -> Result<Vec<u8>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let mut url = url.to_string();
        for _ in 0..5 {
            match tokio::time::timeout(timeout, get_once(&url, limit)).await {
                Err(_) => return Err(format!("{url}: no answer within {}s", timeout.as_secs())),
                Ok(Err(e)) => return Err(format!("{url}: {e}")),
                Ok(Ok(Answer::Body(body))) => return Ok(body),
                Ok(Ok(Answer::Redirect(to))) => url = to,
            }
        }
        Err(format!("{url}: too many redirects"))
    })
}

enum Answer {
    Body(Vec<u8>),
    Redirect(String),
}

trait Stream: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send {}
impl<T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send> Stream for T {}

async fn get_once(url: &str, limit: usize) -> Result<Answer, String> {
    let uri: hyper::Uri = url.parse().map_err(|e| format!("not a URL: {e}"))?;
    let https = match uri.scheme_str() {
        Some("https") => true,
        Some("http") => false,
        _ => return Err("only http:// and https:// URLs are fetched".into()),
    };
    let host = uri.host().ok_or("no host in the URL")?.to_string();
    let port = uri.port_u16().unwrap_or(if https { 443 } else { 80 });
    let tcp = tokio::net::TcpStream::connect((host.as_str(), port))
        .await
        .map_err(|e| format!("cannot connect: {e}"))?;
    let stream: Box<dyn Stream> = if https {
        let name =
            rustls::pki_types::ServerName::try_from(host.clone()).map_err(|e| e.to_string())?;
        let connector = tokio_rustls::TlsConnector::from(tls_config()?);
        Box::new(
            connector
                .connect(name, tcp)
                .await
                .map_err(|e| format!("TLS: {e}"))?,
        )
    } else {
        Box::new(tcp)
    };
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| e.to_string())?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    let authority = uri.authority().map_or(host.clone(), |a| a.to_string());
    let request = Request::get(path)
        .header(hyper::header::HOST, authority.as_str())
        .header(
            hyper::header::USER_AGENT,
            concat!("drydock/", env!("CARGO_PKG_VERSION")),
        )
        .body(Empty::<Bytes>::new())
        .map_err(|e| e.to_string())?;
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status();
    if status.is_redirection() {
        let to = response
            .headers()
            .get(hyper::header::LOCATION)
            .and_then(|l| l.to_str().ok())
            .ok_or_else(|| format!("redirect ({status}) without a location"))?;
        let to = if to.starts_with('/') {
            format!("{}://{authority}{to}", if https { "https" } else { "http" })
        } else {
            to.to_string()
        };
        return Ok(Answer::Redirect(to));
    }
    if !status.is_success() {
        return Err(format!("the server answered {status}"));
    }
    let body = Limited::new(response.into_body(), limit)
        .collect()
        .await
        .map_err(|e| format!("while reading the answer: {e}"))?;
    Ok(Answer::Body(body.to_bytes().to_vec()))
}
