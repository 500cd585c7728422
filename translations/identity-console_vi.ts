<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi">
<context>
    <name>ConsoleCommands</name>
    <message>
        <source>identity-console: %1</source>
        <translation>identity-console: %1</translation>
    </message>
    <message>
        <source>No password in the keychain for “%1”; reading it from standard input.</source>
        <translation>Không có mật khẩu cho “%1” trong kho khóa hệ thống; đang đọc từ đầu vào chuẩn.</translation>
    </message>
    <message>
        <source>Fills an empty database with the deterministic demo data set.</source>
        <translation>Nạp bộ dữ liệu mẫu tất định vào một cơ sở dữ liệu trống.</translation>
    </message>
    <message>
        <source>New SQLite file to create.</source>
        <translation>Tệp SQLite mới cần tạo.</translation>
    </message>
    <message>
        <source>Fill this profile&apos;s database.</source>
        <translation>Nạp dữ liệu vào cơ sở dữ liệu của hồ sơ kết nối này.</translation>
    </message>
    <message>
        <source>Number of customers.</source>
        <translation>Số lượng khách hàng.</translation>
    </message>
    <message>
        <source>Number of login events.</source>
        <translation>Số lượng sự kiện đăng nhập.</translation>
    </message>
    <message>
        <source>Random seed.</source>
        <translation>Giá trị khởi tạo ngẫu nhiên (seed).</translation>
    </message>
    <message>
        <source>Read the password from stdin.</source>
        <translation>Đọc mật khẩu từ đầu vào chuẩn (stdin).</translation>
    </message>
    <message>
        <source>%1 exists already</source>
        <translation>%1 đã tồn tại</translation>
    </message>
    <message>
        <source>say where: --out FILE or --profile NAME</source>
        <translation>hãy chỉ định nơi ghi: --out FILE hoặc --profile NAME</translation>
    </message>
    <message>
        <source>no password given</source>
        <translation>chưa cung cấp mật khẩu</translation>
    </message>
    <message>
        <source>--customers needs a positive number</source>
        <translation>--customers cần một số dương</translation>
    </message>
    <message>
        <source>%1 customers, %2 addresses, %3 devices, %4 sessions, %5 login events, %6 audit events in %7 s</source>
        <translation>%1 khách hàng, %2 địa chỉ, %3 thiết bị, %4 phiên, %5 sự kiện đăng nhập, %6 sự kiện nhật ký kiểm tra trong %7 giây</translation>
    </message>
    <message>
        <source>Prints the customers matching TEXT, tab-separated.</source>
        <translation>In ra các khách hàng khớp với TEXT, phân tách bằng ký tự tab.</translation>
    </message>
    <message>
        <source>Part of a name, e-mail, phone or id.</source>
        <translation>Một phần của tên, email, số điện thoại hoặc ID.</translation>
    </message>
    <message>
        <source>Profile to search.</source>
        <translation>Hồ sơ kết nối dùng để tìm kiếm.</translation>
    </message>
    <message>
        <source>Rows at most.</source>
        <translation>Số dòng tối đa.</translation>
    </message>
    <message>
        <source>no such profile; see `identity-console profiles`</source>
        <translation>không có hồ sơ kết nối này; xem `identity-console profiles`</translation>
    </message>
    <message>
        <source>unknown command %1</source>
        <translation>lệnh %1 không xác định</translation>
    </message>
    <message>
        <source>Not signed in to “%1”; reading the password of %2 from standard input.</source>
        <translation>Chưa đăng nhập vào “%1”; đang đọc mật khẩu của %2 từ đầu vào chuẩn.</translation>
    </message>
    <message>
        <source>Prints (export) or replaces (import, from one line on stdin) the key in the keychain that seals a database profile&apos;s MFA secrets, as 64 hexadecimal digits.</source>
        <translation>In ra (export) hoặc thay thế (import, từ một dòng trên stdin) khóa trong kho khóa hệ thống dùng để niêm phong các bí mật MFA của một hồ sơ cơ sở dữ liệu, dưới dạng 64 chữ số thập lục phân.</translation>
    </message>
    <message>
        <source>Database profile.</source>
        <translation>Hồ sơ cơ sở dữ liệu.</translation>
    </message>
    <message>
        <source>say export or import</source>
        <translation>hãy chọn export hoặc import</translation>
    </message>
    <message>
        <source>“%1” is an API profile: the server keeps its own key (--mfa-key-file)</source>
        <translation>“%1” là hồ sơ API: máy chủ tự giữ khóa riêng (--mfa-key-file)</translation>
    </message>
    <message>
        <source>the keychain holds no MFA key for “%1” yet (the console makes one when it first opens the profile)</source>
        <translation>kho khóa hệ thống chưa có khóa MFA cho “%1” (ứng dụng tạo khóa khi mở hồ sơ lần đầu)</translation>
    </message>
    <message>
        <source>no key given on standard input</source>
        <translation>không có khóa nào trên đầu vào chuẩn</translation>
    </message>
    <message>
        <source>a key is 64 hexadecimal digits</source>
        <translation>khóa gồm 64 chữ số thập lục phân</translation>
    </message>
    <message>
        <source>MFA key of “%1” replaced.</source>
        <translation>Đã thay khóa MFA của “%1”.</translation>
    </message>
    <message>
        <source>Import even over another key (what it sealed stops opening).</source>
        <translation>Nhập kể cả khi đè lên một khóa khác (những gì khóa đó niêm phong sẽ không mở được nữa).</translation>
    </message>
    <message>
        <source>the keychain holds another MFA key for “%1”; secrets it sealed would no longer open. Add --force to replace it anyway</source>
        <translation>kho khóa hệ thống đang giữ một khóa MFA khác cho “%1”; các bí mật do khóa đó niêm phong sẽ không mở được nữa. Thêm --force để vẫn thay thế</translation>
    </message>
    <message>
        <source>Checks an export against its manifest: the file&apos;s SHA-256 and size, and the Ed25519 signature over every field of the manifest.</source>
        <translation>Kiểm tra một tệp xuất với bản kê khai của nó: SHA-256 và kích thước tệp, cùng chữ ký Ed25519 trên mọi trường của bản kê khai.</translation>
    </message>
    <message>
        <source>The manifest beside the export.</source>
        <translation>Bản kê khai nằm cạnh tệp xuất.</translation>
    </message>
    <message>
        <source>PEM file of the public key the export must be signed with (`identity-console signing-key export` of whoever exported it).</source>
        <translation>Tệp PEM chứa khóa công khai mà tệp xuất phải được ký bằng nó (`identity-console signing-key export` của người đã xuất).</translation>
    </message>
    <message>
        <source>name the manifest to verify</source>
        <translation>hãy chỉ định bản kê khai cần kiểm tra</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>không đọc được %1: %2</translation>
    </message>
    <message>
        <source>%1 is not an Ed25519 public key: %2</source>
        <translation>%1 không phải là khóa công khai Ed25519: %2</translation>
    </message>
    <message>
        <source>identity-console: verify: %1</source>
        <translation>identity-console: verify: %1</translation>
    </message>
    <message>
        <source>verified: %1, %2 rows, %3 bytes, SHA-256 %4, signed by key %5%6</source>
        <translation>đã kiểm tra: %1, %2 dòng, %3 byte, SHA-256 %4, ký bởi khóa %5%6</translation>
    </message>
    <message>
        <source> (the trusted key)</source>
        <translation> (khóa tin cậy)</translation>
    </message>
    <message>
        <source>Prints the public key that signs your exports (PEM), for whoever verifies them.</source>
        <translation>In ra khóa công khai dùng để ký các tệp xuất của bạn (PEM), cho người cần kiểm tra chúng.</translation>
    </message>
    <message>
        <source>say export</source>
        <translation>hãy chọn export</translation>
    </message>
    <message>
        <source>unknown filter “%1”; %2 takes %3</source>
        <translation>bộ lọc không rõ “%1”; %2 nhận %3</translation>
    </message>
    <message>
        <source>a customer report takes --customer ID, not filters</source>
        <translation>báo cáo khách hàng nhận --customer ID, không nhận bộ lọc</translation>
    </message>
    <message>
        <source>Exports a list (customers, sessions, login-events, audit-events) as CSV or JSON Lines, or one customer&apos;s data report (customer-report) as JSON or PDF. The file is written as FILE.part and renamed when complete; FILE.manifest.json beside it holds its SHA-256, signed with your key (see `identity-console verify`). The export is recorded in the audit trail.</source>
        <translation>Xuất một danh sách (customers, sessions, login-events, audit-events) dạng CSV hoặc JSON Lines, hoặc báo cáo dữ liệu của một khách hàng (customer-report) dạng JSON hoặc PDF. Tệp được ghi thành FILE.part và đổi tên khi hoàn tất; FILE.manifest.json bên cạnh chứa SHA-256 của nó, được ký bằng khóa của bạn (xem `identity-console verify`). Việc xuất được ghi vào nhật ký kiểm tra.</translation>
    </message>
    <message>
        <source>csv or jsonl for a list, json or pdf for a customer report.</source>
        <translation>csv hoặc jsonl cho danh sách, json hoặc pdf cho báo cáo khách hàng.</translation>
    </message>
    <message>
        <source>The file to write.</source>
        <translation>Tệp cần ghi.</translation>
    </message>
    <message>
        <source>Profile to export from.</source>
        <translation>Hồ sơ để xuất dữ liệu.</translation>
    </message>
    <message>
        <source>A filter, as the API&apos;s query parameter (repeatable), e.g. country=DE, from=2026-11-01T00:00:00Z, flags=failure_burst.</source>
        <translation>Một bộ lọc, theo tham số truy vấn của API (lặp lại được), ví dụ country=DE, from=2026-11-01T00:00:00Z, flags=failure_burst.</translation>
    </message>
    <message>
        <source>The customer of a report.</source>
        <translation>Khách hàng của báo cáo.</translation>
    </message>
    <message>
        <source>Start a CSV file with a UTF-8 byte order mark.</source>
        <translation>Bắt đầu tệp CSV bằng dấu thứ tự byte UTF-8.</translation>
    </message>
    <message>
        <source>No progress on the terminal.</source>
        <translation>Không hiển thị tiến độ trên terminal.</translation>
    </message>
    <message>
        <source>say what to export: customers, sessions, login-events, audit-events or customer-report</source>
        <translation>hãy nói cần xuất gì: customers, sessions, login-events, audit-events hoặc customer-report</translation>
    </message>
    <message>
        <source>%1 is exported as %2, not as “%3”</source>
        <translation>%1 được xuất dạng %2, không phải “%3”</translation>
    </message>
    <message>
        <source>say where to write: --out FILE</source>
        <translation>hãy nói ghi vào đâu: --out FILE</translation>
    </message>
    <message>
        <source>no folder %1</source>
        <translation>không có thư mục %1</translation>
    </message>
    <message>
        <source>a customer report needs --customer ID</source>
        <translation>báo cáo khách hàng cần --customer ID</translation>
    </message>
    <message>
        <source>--customer is for customer-report; filter lists with --filter customer_id=ID</source>
        <translation>--customer dành cho customer-report; lọc danh sách bằng --filter customer_id=ID</translation>
    </message>
    <message>
        <source>%1 of %2 rows</source>
        <translation>%1 / %2 dòng</translation>
    </message>
    <message>
        <source>%1 rows</source>
        <translation>%1 dòng</translation>
    </message>
    <message>
        <source>%1 rows/s</source>
        <translation>%1 dòng/giây</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>còn %1</translation>
    </message>
    <message>
        <source>exported %1 rows to %2 (%3 bytes, SHA-256 %4) in %5 s; manifest %6, signed by key %7</source>
        <translation>đã xuất %1 dòng vào %2 (%3 byte, SHA-256 %4) trong %5 giây; bản kê %6, ký bằng khóa %7</translation>
    </message>
</context>
<context>
    <name>CustomerReport</name>
    <message>
        <source>Yes</source>
        <translation>Có</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Không</translation>
    </message>
    <message>
        <source>%1 EUR</source>
        <translation>%1 EUR</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Đang hoạt động</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>Tạm ngưng</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Đã xóa</translation>
    </message>
    <message>
        <source>Individual</source>
        <translation>Cá nhân</translation>
    </message>
    <message>
        <source>Business</source>
        <translation>Doanh nghiệp</translation>
    </message>
    <message>
        <source>Bronze</source>
        <translation>Đồng</translation>
    </message>
    <message>
        <source>Silver</source>
        <translation>Bạc</translation>
    </message>
    <message>
        <source>Gold</source>
        <translation>Vàng</translation>
    </message>
    <message>
        <source>Platinum</source>
        <translation>Bạch kim</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>Nhà riêng</translation>
    </message>
    <message>
        <source>Work</source>
        <translation>Nơi làm việc</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Khác</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>Điện thoại di động</translation>
    </message>
    <message>
        <source>Desktop</source>
        <translation>Máy tính</translation>
    </message>
    <message>
        <source>Tablet</source>
        <translation>Máy tính bảng</translation>
    </message>
    <message>
        <source>Unknown device</source>
        <translation>Thiết bị không xác định</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>Đã đăng xuất</translation>
    </message>
    <message>
        <source>Revoked by an operator</source>
        <translation>Bị nhân viên thu hồi</translation>
    </message>
    <message>
        <source>Security alert</source>
        <translation>Cảnh báo bảo mật</translation>
    </message>
    <message>
        <source>Over the session limit</source>
        <translation>Vượt giới hạn phiên</translation>
    </message>
    <message>
        <source>Password changed</source>
        <translation>Đã đổi mật khẩu</translation>
    </message>
    <message>
        <source>Device removed</source>
        <translation>Đã gỡ thiết bị</translation>
    </message>
    <message>
        <source>Revoked: %1</source>
        <translation>Đã thu hồi: %1</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>Đã thu hồi</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Đã hết hạn</translation>
    </message>
    <message>
        <source>Wrong password</source>
        <translation>Sai mật khẩu</translation>
    </message>
    <message>
        <source>Unknown user</source>
        <translation>Người dùng không tồn tại</translation>
    </message>
    <message>
        <source>Second factor failed</source>
        <translation>Bước xác thực thứ hai thất bại</translation>
    </message>
    <message>
        <source>Account locked</source>
        <translation>Tài khoản bị khóa</translation>
    </message>
    <message>
        <source>Account suspended</source>
        <translation>Tài khoản bị tạm ngưng</translation>
    </message>
    <message>
        <source>Too many attempts</source>
        <translation>Quá nhiều lần thử</translation>
    </message>
    <message>
        <source>Success</source>
        <translation>Thành công</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Thất bại: %1</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Thất bại</translation>
    </message>
    <message>
        <source>New device</source>
        <translation>Thiết bị mới</translation>
    </message>
    <message>
        <source>New country</source>
        <translation>Quốc gia mới</translation>
    </message>
    <message>
        <source>Impossible travel</source>
        <translation>Di chuyển bất khả thi</translation>
    </message>
    <message>
        <source>Failure burst</source>
        <translation>Thất bại dồn dập</translation>
    </message>
    <message>
        <source>Lockout</source>
        <translation>Khóa tài khoản</translation>
    </message>
    <message>
        <source>None.</source>
        <translation>Không có.</translation>
    </message>
    <message numerus="yes">
        <source>Addresses (%n)</source>
        <translation>
            <numerusform>Địa chỉ (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Devices (%n)</source>
        <translation>
            <numerusform>Thiết bị (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sessions (%n)</source>
        <translation>
            <numerusform>Phiên (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sign-in attempts (%n)</source>
        <translation>
            <numerusform>Lượt đăng nhập (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Audit trail (%n)</source>
        <translation>
            <numerusform>Nhật ký kiểm tra (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Personal data held about %1</source>
        <translation>Dữ liệu cá nhân đang lưu về %1</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Trang %1 / %2</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Trường</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Giá trị</translation>
    </message>
    <message>
        <source>Customer ID</source>
        <translation>Mã khách hàng</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Điện thoại</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Quốc gia</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Customer type</source>
        <translation>Loại khách hàng</translation>
    </message>
    <message>
        <source>Customer group</source>
        <translation>Nhóm khách hàng</translation>
    </message>
    <message>
        <source>Loyalty tier</source>
        <translation>Hạng thành viên</translation>
    </message>
    <message>
        <source>Loyalty points</source>
        <translation>Điểm thành viên</translation>
    </message>
    <message>
        <source>Total spend</source>
        <translation>Tổng chi tiêu</translation>
    </message>
    <message>
        <source>E-mail verified</source>
        <translation>E-mail đã xác minh</translation>
    </message>
    <message>
        <source>Phone verified</source>
        <translation>Điện thoại đã xác minh</translation>
    </message>
    <message>
        <source>Two-factor authentication</source>
        <translation>Xác thực hai bước</translation>
    </message>
    <message>
        <source>Failed sign-in attempts</source>
        <translation>Số lần đăng nhập thất bại</translation>
    </message>
    <message>
        <source>Locked until</source>
        <translation>Khóa đến</translation>
    </message>
    <message>
        <source>Marketing consent</source>
        <translation>Đồng ý nhận tiếp thị</translation>
    </message>
    <message>
        <source>Data processing consent</source>
        <translation>Đồng ý xử lý dữ liệu</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Tạo lúc</translation>
    </message>
    <message>
        <source>Last updated</source>
        <translation>Cập nhật lần cuối</translation>
    </message>
    <message>
        <source>Last sign-in</source>
        <translation>Đăng nhập lần cuối</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Tài khoản</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>Người nhận</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Địa chỉ</translation>
    </message>
    <message>
        <source>Default for</source>
        <translation>Mặc định cho</translation>
    </message>
    <message>
        <source>Delivery instructions</source>
        <translation>Hướng dẫn giao hàng</translation>
    </message>
    <message>
        <source>Shipping</source>
        <translation>Giao hàng</translation>
    </message>
    <message>
        <source>Billing</source>
        <translation>Thanh toán</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Thiết bị</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Hệ thống</translation>
    </message>
    <message>
        <source>Last IP</source>
        <translation>IP gần nhất</translation>
    </message>
    <message>
        <source>First seen</source>
        <translation>Hoạt động lần đầu</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Hoạt động lần cuối</translation>
    </message>
    <message>
        <source>Trusted</source>
        <translation>Tin cậy</translation>
    </message>
    <message>
        <source>Since %1</source>
        <translation>Từ %1</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Bắt đầu</translation>
    </message>
    <message>
        <source>IP address</source>
        <translation>Địa chỉ IP</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Tình trạng</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Vị trí</translation>
    </message>
    <message>
        <source>Risk flags</source>
        <translation>Dấu hiệu rủi ro</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>Người thực hiện</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Thao tác</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <source>Generated %1 for a data access request. Customer ID %2.</source>
        <translation>Tạo lúc %1 cho một yêu cầu truy cập dữ liệu. Mã khách hàng %2.</translation>
    </message>
</context>
<context>
    <name>DisplayFormat</name>
    <message>
        <source>Active</source>
        <translation>Đang hoạt động</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>Tạm ngưng</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Đã xóa</translation>
    </message>
    <message>
        <source>Business</source>
        <translation>Doanh nghiệp</translation>
    </message>
    <message>
        <source>Individual</source>
        <translation>Cá nhân</translation>
    </message>
    <message>
        <source>Bronze</source>
        <translation>Đồng</translation>
    </message>
    <message>
        <source>Silver</source>
        <translation>Bạc</translation>
    </message>
    <message>
        <source>Gold</source>
        <translation>Vàng</translation>
    </message>
    <message>
        <source>Platinum</source>
        <translation>Bạch kim</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>Nhà riêng</translation>
    </message>
    <message>
        <source>Work</source>
        <translation>Nơi làm việc</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Khác</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Có</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Không</translation>
    </message>
    <message>
        <source>Something went wrong inside the console.</source>
        <translation>Đã xảy ra lỗi bên trong ứng dụng.</translation>
    </message>
    <message>
        <source>The request was refused as invalid.</source>
        <translation>Yêu cầu bị từ chối vì không hợp lệ.</translation>
    </message>
    <message>
        <source>It no longer exists.</source>
        <translation>Mục này không còn tồn tại.</translation>
    </message>
    <message>
        <source>Someone else changed it in the meantime. Reload and try again.</source>
        <translation>Người khác đã thay đổi mục này trong lúc đó. Hãy tải lại và thử lại.</translation>
    </message>
    <message>
        <source>The user name or password was not accepted.</source>
        <translation>Tên người dùng hoặc mật khẩu không được chấp nhận.</translation>
    </message>
    <message>
        <source>Your role does not allow this.</source>
        <translation>Vai trò của bạn không được phép thực hiện thao tác này.</translation>
    </message>
    <message>
        <source>The database or server cannot be reached.</source>
        <translation>Không thể kết nối tới cơ sở dữ liệu hoặc máy chủ.</translation>
    </message>
    <message>
        <source>No answer came in time.</source>
        <translation>Không nhận được phản hồi kịp thời.</translation>
    </message>
    <message>
        <source>The server answered with something the console does not understand.</source>
        <translation>Máy chủ trả về phản hồi mà ứng dụng không hiểu được.</translation>
    </message>
    <message>
        <source>The database refused the request.</source>
        <translation>Cơ sở dữ liệu đã từ chối yêu cầu.</translation>
    </message>
    <message>
        <source>This database was set up by a newer version of Identity Console. Update the console to use it.</source>
        <translation>Cơ sở dữ liệu này được thiết lập bởi phiên bản Identity Console mới hơn. Hãy cập nhật ứng dụng để sử dụng.</translation>
    </message>
    <message>
        <source>No system keychain is available, so passwords cannot be remembered.</source>
        <translation>Không có kho khóa hệ thống nên không thể ghi nhớ mật khẩu.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Đã hủy.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Support agent</source>
        <translation>Nhân viên hỗ trợ</translation>
    </message>
    <message>
        <source>Security officer</source>
        <translation>Chuyên viên bảo mật</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Quản trị viên</translation>
    </message>
    <message>
        <source>Enter the code from your authenticator app.</source>
        <translation>Nhập mã từ ứng dụng xác thực của bạn.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate was refused, so the connection was not made.</source>
        <translation>Chứng chỉ của máy chủ bị từ chối nên không thể kết nối.</translation>
    </message>
    <message numerus="yes">
        <source>Too many attempts. Try again in %n second(s).</source>
        <translation>
            <numerusform>Quá nhiều lần thử. Hãy thử lại sau %n giây.</numerusform>
        </translation>
    </message>
    <message>
        <source>Too many attempts. Try again later.</source>
        <translation>Quá nhiều lần thử. Hãy thử lại sau.</translation>
    </message>
    <message>
        <source>Signed out by the customer</source>
        <translation>Khách hàng tự đăng xuất</translation>
    </message>
    <message>
        <source>Administrative action</source>
        <translation>Thao tác quản trị</translation>
    </message>
    <message>
        <source>Security alert</source>
        <translation>Cảnh báo bảo mật</translation>
    </message>
    <message>
        <source>Evicted: over the 5-session limit</source>
        <translation>Bị loại: vượt giới hạn 5 phiên</translation>
    </message>
    <message>
        <source>Password changed</source>
        <translation>Đã đổi mật khẩu</translation>
    </message>
    <message>
        <source>Device removed</source>
        <translation>Đã gỡ thiết bị</translation>
    </message>
    <message>
        <source>Revoked</source>
        <comment>session state</comment>
        <translation>Đã thu hồi</translation>
    </message>
    <message>
        <source>Active</source>
        <comment>session state</comment>
        <translation>Đang hoạt động</translation>
    </message>
    <message>
        <source>Expired</source>
        <comment>session state</comment>
        <translation>Đã hết hạn</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>Điện thoại di động</translation>
    </message>
    <message>
        <source>Desktop</source>
        <translation>Máy tính</translation>
    </message>
    <message>
        <source>Tablet</source>
        <translation>Máy tính bảng</translation>
    </message>
    <message>
        <source>Unknown device</source>
        <translation>Thiết bị không xác định</translation>
    </message>
    <message>
        <source>Wrong password</source>
        <translation>Sai mật khẩu</translation>
    </message>
    <message>
        <source>Unknown e-mail address</source>
        <translation>Địa chỉ email không xác định</translation>
    </message>
    <message>
        <source>Wrong authenticator code</source>
        <translation>Sai mã xác thực</translation>
    </message>
    <message>
        <source>Refused: account locked</source>
        <translation>Bị từ chối: tài khoản bị khóa</translation>
    </message>
    <message>
        <source>Refused: account suspended</source>
        <translation>Bị từ chối: tài khoản bị tạm ngưng</translation>
    </message>
    <message>
        <source>Refused: too many attempts</source>
        <translation>Bị từ chối: quá nhiều lần thử</translation>
    </message>
    <message>
        <source>New device</source>
        <translation>Thiết bị mới</translation>
    </message>
    <message>
        <source>New country</source>
        <translation>Quốc gia mới</translation>
    </message>
    <message>
        <source>Impossible travel</source>
        <translation>Di chuyển bất khả thi</translation>
    </message>
    <message>
        <source>Failure burst</source>
        <translation>Thất bại dồn dập</translation>
    </message>
    <message>
        <source>Lockout</source>
        <translation>Khóa tài khoản</translation>
    </message>
    <message>
        <source>New device: the first sign-in from this device, or from no known device.</source>
        <translation>Thiết bị mới: lần đăng nhập đầu tiên từ thiết bị này, hoặc không từ thiết bị nào đã biết.</translation>
    </message>
    <message>
        <source>New country: none of the customer&apos;s earlier attempts came from this country.</source>
        <translation>Quốc gia mới: chưa có lần thử nào trước đây của khách hàng đến từ quốc gia này.</translation>
    </message>
    <message>
        <source>Impossible travel: too far from the previous sign-in for the time between them.</source>
        <translation>Di chuyển bất khả thi: vị trí quá xa so với lần đăng nhập trước, xét theo khoảng thời gian giữa hai lần.</translation>
    </message>
    <message>
        <source>Failure burst: many failures from this IP address within minutes.</source>
        <translation>Thất bại dồn dập: nhiều lần thất bại từ địa chỉ IP này chỉ trong vài phút.</translation>
    </message>
    <message>
        <source>Lockout: refused because the account was locked.</source>
        <translation>Khóa tài khoản: bị từ chối vì tài khoản đã bị khóa.</translation>
    </message>
    <message>
        <source>The key that protects authenticator secrets is missing or does not open them.</source>
        <translation>Khóa bảo vệ các bí mật xác thực bị thiếu hoặc không mở được chúng.</translation>
    </message>
    <message>
        <source>The file could not be written or read.</source>
        <translation>Không thể ghi hoặc đọc tệp.</translation>
    </message>
</context>
<context>
    <name>idc::AccountActionDialog</name>
    <message>
        <source>Required, kept in the audit trail</source>
        <translation>Bắt buộc, được lưu trong nhật ký kiểm tra</translation>
    </message>
    <message>
        <source>Optional, kept in the audit trail</source>
        <translation>Không bắt buộc, được lưu trong nhật ký kiểm tra</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Lý do:</translation>
    </message>
</context>
<context>
    <name>idc::AddressTableModel</name>
    <message>
        <source>Shipping</source>
        <translation>Giao hàng</translation>
    </message>
    <message>
        <source>Billing</source>
        <translation>Thanh toán</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>Người nhận</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Địa chỉ</translation>
    </message>
    <message>
        <source>Coordinates</source>
        <translation>Tọa độ</translation>
    </message>
    <message>
        <source>Delivery instructions</source>
        <translation>Hướng dẫn giao hàng</translation>
    </message>
    <message>
        <source>Default for</source>
        <translation>Mặc định cho</translation>
    </message>
</context>
<context>
    <name>idc::AuditEventTableModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Hash %1
Previous %2</source>
        <translation>Mã băm %1
Mã băm trước %2</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Người vận hành</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Thao tác</translation>
    </message>
    <message>
        <source>Resource</source>
        <translation>Tài nguyên</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Thay đổi</translation>
    </message>
</context>
<context>
    <name>idc::AuditTrailView</name>
    <message>
        <source>Any action</source>
        <translation>Mọi thao tác</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Người vận hành</translation>
    </message>
    <message>
        <source>Customer id</source>
        <translation>ID khách hàng</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>Mọi thời điểm</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>1 giờ qua</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>24 giờ qua</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>7 ngày qua</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>30 ngày qua</translation>
    </message>
    <message>
        <source>Verify chain</source>
        <translation>Xác minh chuỗi</translation>
    </message>
    <message>
        <source>Recompute every event&apos;s hash and check that none was changed or removed</source>
        <translation>Tính lại mã băm của mọi sự kiện và kiểm tra rằng không sự kiện nào bị thay đổi hoặc bị xóa</translation>
    </message>
    <message>
        <source>Select an event to see its states and hashes.</source>
        <translation>Chọn một sự kiện để xem các trạng thái và mã băm của sự kiện đó.</translation>
    </message>
    <message>
        <source>The audit trail could not be loaded: %1</source>
        <translation>Không tải được nhật ký kiểm tra: %1</translation>
    </message>
    <message>
        <source>“%1” is not a customer id.</source>
        <translation>“%1” không phải là ID khách hàng.</translation>
    </message>
    <message>
        <source>Event %1 · %2 · %3</source>
        <translation>Sự kiện %1 · %2 · %3</translation>
    </message>
    <message>
        <source>Operator: %1 (%2)</source>
        <translation>Người vận hành: %1 (%2)</translation>
    </message>
    <message>
        <source>Customer: %1</source>
        <translation>Khách hàng: %1</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>Lý do: %1</translation>
    </message>
    <message>
        <source>Before: %1</source>
        <translation>Trước: %1</translation>
    </message>
    <message>
        <source>After: %1</source>
        <translation>Sau: %1</translation>
    </message>
    <message>
        <source>Previous hash: %1</source>
        <translation>Mã băm trước: %1</translation>
    </message>
    <message>
        <source>Hash: %1</source>
        <translation>Mã băm: %1</translation>
    </message>
    <message>
        <source>Verifying the chain…</source>
        <translation>Đang xác minh chuỗi…</translation>
    </message>
    <message>
        <source>The chain could not be verified: %1</source>
        <translation>Không xác minh được chuỗi: %1</translation>
    </message>
    <message>
        <source>Chain intact: %1 events checked; newest is #%2 with hash %3…</source>
        <translation>Chuỗi nguyên vẹn: đã kiểm tra %1 sự kiện; sự kiện mới nhất là #%2 với mã băm %3…</translation>
    </message>
    <message>
        <source>the event was changed after it was written</source>
        <translation>sự kiện đã bị thay đổi sau khi được ghi</translation>
    </message>
    <message>
        <source>the event does not follow the one before it (an event was removed or reordered)</source>
        <translation>sự kiện không nối tiếp sự kiện liền trước (một sự kiện đã bị xóa hoặc bị đổi thứ tự)</translation>
    </message>
    <message>
        <source>Chain broken at event #%1: %2.</source>
        <translation>Chuỗi bị đứt tại sự kiện #%1: %2.</translation>
    </message>
</context>
<context>
    <name>idc::BulkSessionRevoker</name>
    <message>
        <source>Stopped. Signed out 1 session.</source>
        <translation>Đã dừng. Đã đăng xuất 1 phiên.</translation>
    </message>
    <message numerus="yes">
        <source>Stopped. Signed out %n sessions.</source>
        <translation>
            <numerusform>Đã dừng. Đã đăng xuất %n phiên.</numerusform>
        </translation>
    </message>
    <message>
        <source>Signed out 1 session.</source>
        <translation>Đã đăng xuất 1 phiên.</translation>
    </message>
    <message numerus="yes">
        <source>Signed out %n sessions.</source>
        <translation>
            <numerusform>Đã đăng xuất %n phiên.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n had already been signed out.</source>
        <translation>
            <numerusform>%n phiên đã được đăng xuất từ trước.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n could not be signed out: %1</source>
        <translation>
            <numerusform>%n phiên không đăng xuất được: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>The rest were not tried.</source>
        <translation>Các phiên còn lại chưa được thử.</translation>
    </message>
    <message>
        <source>The sessions to sign out could not be listed: %1</source>
        <translation>Không thể liệt kê các phiên cần đăng xuất: %1</translation>
    </message>
</context>
<context>
    <name>idc::ConnectionDialog</name>
    <message>
        <source>Connections</source>
        <translation>Kết nối</translation>
    </message>
    <message>
        <source>&amp;Profiles</source>
        <translation>&amp;Hồ sơ kết nối</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>&amp;Mới</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Xóa</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>Tê&amp;n:</translation>
    </message>
    <message>
        <source>SQLite file</source>
        <translation>Tệp SQLite</translation>
    </message>
    <message>
        <source>PostgreSQL</source>
        <translation>PostgreSQL</translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation>L&amp;oại:</translation>
    </message>
    <message>
        <source>A new file is created and set up when the console first opens it.</source>
        <translation>Nếu tệp chưa tồn tại, ứng dụng sẽ tạo và thiết lập tệp khi mở lần đầu.</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Duyệt…</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>Tệ&amp;p:</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>Má&amp;y chủ:</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>&amp;Cổng:</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>Cơ sở dữ l&amp;iệu:</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>Người &amp;dùng:</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Mật khẩ&amp;u:</translation>
    </message>
    <message>
        <source>disable — no TLS</source>
        <translation>disable — không dùng TLS</translation>
    </message>
    <message>
        <source>prefer — TLS when the server offers it</source>
        <translation>prefer — dùng TLS nếu máy chủ hỗ trợ</translation>
    </message>
    <message>
        <source>require — TLS, certificate not checked</source>
        <translation>require — bắt buộc TLS, không kiểm tra chứng chỉ</translation>
    </message>
    <message>
        <source>verify-full — TLS, certificate and host name checked</source>
        <translation>verify-full — bắt buộc TLS, kiểm tra chứng chỉ và tên máy chủ</translation>
    </message>
    <message>
        <source>T&amp;LS:</source>
        <translation>TL&amp;S:</translation>
    </message>
    <message>
        <source>&amp;Remember the password in the system keychain</source>
        <translation>&amp;Ghi nhớ mật khẩu trong kho khóa hệ thống</translation>
    </message>
    <message>
        <source>The name the audit trail records for every change you make.</source>
        <translation>Tên được ghi vào nhật ký kiểm tra cho mọi thay đổi bạn thực hiện.</translation>
    </message>
    <message>
        <source>&amp;Operator name:</source>
        <translation>Tên người &amp;vận hành:</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>&amp;Thử kết nối</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Lưu</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Kết nối</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(chưa có tên)</translation>
    </message>
    <message>
        <source>%1 (sample data)</source>
        <translation>%1 (dữ liệu mẫu)</translation>
    </message>
    <message>
        <source>SQLite file %1</source>
        <translation>Tệp SQLite %1</translation>
    </message>
    <message>
        <source>PostgreSQL %1@%2:%3/%4</source>
        <translation>PostgreSQL %1@%2:%3/%4</translation>
    </message>
    <message>
        <source>The generated demo database, filled with sample customers.</source>
        <translation>Cơ sở dữ liệu mẫu được tạo sẵn, chứa khách hàng mẫu.</translation>
    </message>
    <message>
        <source>Not saved yet.</source>
        <translation>Chưa lưu.</translation>
    </message>
    <message>
        <source>Changed, not saved yet.</source>
        <translation>Đã thay đổi, chưa lưu.</translation>
    </message>
    <message>
        <source>Reading the keychain…</source>
        <translation>Đang đọc kho khóa hệ thống…</translation>
    </message>
    <message>
        <source>The demo profile cannot be deleted.</source>
        <translation>Không thể xóa hồ sơ kết nối mẫu.</translation>
    </message>
    <message>
        <source>Enter a name for the profile.</source>
        <translation>Hãy nhập tên cho hồ sơ kết nối.</translation>
    </message>
    <message>
        <source>Another profile is already named “%1”.</source>
        <translation>Đã có một hồ sơ kết nối khác tên “%1”.</translation>
    </message>
    <message>
        <source>Choose the SQLite database file.</source>
        <translation>Hãy chọn tệp cơ sở dữ liệu SQLite.</translation>
    </message>
    <message>
        <source>Enter the server&apos;s host name.</source>
        <translation>Hãy nhập tên máy chủ.</translation>
    </message>
    <message>
        <source>Enter the database name.</source>
        <translation>Hãy nhập tên cơ sở dữ liệu.</translation>
    </message>
    <message>
        <source>Enter the user name.</source>
        <translation>Hãy nhập tên người dùng.</translation>
    </message>
    <message>
        <source>New connection</source>
        <translation>Kết nối mới</translation>
    </message>
    <message>
        <source>Delete profile</source>
        <translation>Xóa hồ sơ kết nối</translation>
    </message>
    <message>
        <source>Delete the profile “%1”?</source>
        <translation>Xóa hồ sơ kết nối “%1”?</translation>
    </message>
    <message>
        <source>Its remembered password is removed from the keychain too. The database itself is not touched.</source>
        <translation>Mật khẩu đã ghi nhớ của hồ sơ này cũng sẽ bị xóa khỏi kho khóa hệ thống. Bản thân cơ sở dữ liệu không bị ảnh hưởng.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>The remembered password could not be removed from the keychain: %1</source>
        <translation>Không xóa được mật khẩu đã ghi nhớ khỏi kho khóa hệ thống: %1</translation>
    </message>
    <message>
        <source>Choose the SQLite database</source>
        <translation>Chọn cơ sở dữ liệu SQLite</translation>
    </message>
    <message>
        <source>Choose</source>
        <translation>Chọn</translation>
    </message>
    <message>
        <source>SQLite databases (*.sqlite *.sqlite3 *.db)</source>
        <translation>Cơ sở dữ liệu SQLite (*.sqlite *.sqlite3 *.db)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Tất cả tệp (*)</translation>
    </message>
    <message>
        <source>The demo database does not exist yet: it is created and filled with sample data when you connect.</source>
        <translation>Cơ sở dữ liệu mẫu chưa tồn tại: cơ sở dữ liệu sẽ được tạo và nạp dữ liệu mẫu khi bạn kết nối.</translation>
    </message>
    <message>
        <source>Testing the connection…</source>
        <translation>Đang thử kết nối…</translation>
    </message>
    <message>
        <source>Connected: %1, schema version %2</source>
        <translation>Đã kết nối: %1, phiên bản lược đồ %2</translation>
    </message>
    <message>
        <source>Storing the password in the keychain…</source>
        <translation>Đang lưu mật khẩu vào kho khóa hệ thống…</translation>
    </message>
    <message>
        <source>Removing the password from the keychain…</source>
        <translation>Đang xóa mật khẩu khỏi kho khóa hệ thống…</translation>
    </message>
    <message>
        <source>The keychain refused the change: %1</source>
        <translation>Kho khóa hệ thống đã từ chối thay đổi: %1</translation>
    </message>
    <message>
        <source>Saved “%1”.</source>
        <translation>Đã lưu “%1”.</translation>
    </message>
    <message>
        <source>The keychain could not be read: %1</source>
        <translation>Không đọc được kho khóa hệ thống: %1</translation>
    </message>
    <message>
        <source>No system keychain is available: the password will be asked each time and never written to disk.</source>
        <translation>Không có kho khóa hệ thống: mật khẩu sẽ được hỏi mỗi lần và không bao giờ được ghi ra đĩa.</translation>
    </message>
    <message>
        <source>Identity admin API (REST)</source>
        <translation>API quản trị định danh (REST)</translation>
    </message>
    <message>
        <source>The server&apos;s address; the API lives under /api/v1.</source>
        <translation>Địa chỉ máy chủ; API nằm dưới /api/v1.</translation>
    </message>
    <message>
        <source>Server &amp;URL:</source>
        <translation>&amp;URL máy chủ:</translation>
    </message>
    <message>
        <source>System certificates</source>
        <translation>Chứng chỉ của hệ thống</translation>
    </message>
    <message>
        <source>A PEM file of CA certificates to trust besides the system&apos;s, for a private CA.</source>
        <translation>Tệp PEM chứa các chứng chỉ CA được tin cậy thêm ngoài chứng chỉ của hệ thống, dành cho CA riêng.</translation>
    </message>
    <message>
        <source>C&amp;A certificates:</source>
        <translation>Chứng chỉ C&amp;A:</translation>
    </message>
    <message>
        <source>REST API %1</source>
        <translation>REST API %1</translation>
    </message>
    <message>
        <source>Enter the server&apos;s URL.</source>
        <translation>Nhập URL của máy chủ.</translation>
    </message>
    <message>
        <source>The URL must start with https:// (or http:// on a trusted network) and name a host.</source>
        <translation>URL phải bắt đầu bằng https:// (hoặc http:// trong mạng tin cậy) và có tên máy chủ.</translation>
    </message>
    <message>
        <source>The CA certificate file cannot be read.</source>
        <translation>Không đọc được tệp chứng chỉ CA.</translation>
    </message>
    <message>
        <source>Connected: %1</source>
        <translation>Đã kết nối: %1</translation>
    </message>
    <message>
        <source>The server answered. You will be asked to sign in when you connect.</source>
        <translation>Máy chủ đã trả lời. Bạn sẽ được yêu cầu đăng nhập khi kết nối.</translation>
    </message>
    <message>
        <source>B&amp;rowse…</source>
        <translation>&amp;Duyệt…</translation>
    </message>
    <message>
        <source>Choose the CA certificates</source>
        <translation>Chọn chứng chỉ CA</translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt *.cer)</source>
        <translation>Chứng chỉ PEM (*.pem *.crt *.cer)</translation>
    </message>
    <message>
        <source>Leave the user name and password out of the URL: you are asked to sign in.</source>
        <translation>Đừng ghi tên người dùng và mật khẩu vào URL: bạn sẽ được yêu cầu đăng nhập.</translation>
    </message>
</context>
<context>
    <name>idc::ConnectionManager</name>
    <message>
        <source>The key of the MFA secrets is still being read from the keychain.</source>
        <translation>Khóa của các bí mật MFA vẫn đang được đọc từ kho khóa hệ thống.</translation>
    </message>
    <message>
        <source>The keychain holds no usable key for MFA secrets: %1</source>
        <translation>Kho khóa hệ thống không có khóa dùng được cho các bí mật MFA: %1</translation>
    </message>
    <message>
        <source>The keychain cannot keep the key for MFA secrets: %1</source>
        <translation>Kho khóa hệ thống không lưu được khóa cho các bí mật MFA: %1</translation>
    </message>
</context>
<context>
    <name>idc::CustomerDetailView</name>
    <message>
        <source>Select a customer to see their account.</source>
        <translation>Chọn một khách hàng để xem tài khoản.</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Liên hệ</translation>
    </message>
    <message>
        <source>Reveal</source>
        <translation>Hiện</translation>
    </message>
    <message>
        <source>Show the full e-mail address and phone number</source>
        <translation>Hiển thị đầy đủ địa chỉ email và số điện thoại</translation>
    </message>
    <message>
        <source>E-mail:</source>
        <translation>Email:</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>Điện thoại:</translation>
    </message>
    <message>
        <source>Verified:</source>
        <translation>Đã xác minh:</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Tài khoản</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>Loại:</translation>
    </message>
    <message>
        <source>Group:</source>
        <translation>Nhóm:</translation>
    </message>
    <message>
        <source>Country:</source>
        <translation>Quốc gia:</translation>
    </message>
    <message>
        <source>Customer since:</source>
        <translation>Khách hàng từ:</translation>
    </message>
    <message>
        <source>Last login:</source>
        <translation>Đăng nhập lần cuối:</translation>
    </message>
    <message>
        <source>Sign-in security</source>
        <translation>Bảo mật đăng nhập</translation>
    </message>
    <message>
        <source>Lock:</source>
        <translation>Trạng thái khóa:</translation>
    </message>
    <message>
        <source>Failed attempts:</source>
        <translation>Số lần đăng nhập thất bại:</translation>
    </message>
    <message>
        <source>Loyalty</source>
        <translation>Khách hàng thân thiết</translation>
    </message>
    <message>
        <source>Tier:</source>
        <translation>Hạng:</translation>
    </message>
    <message>
        <source>Points:</source>
        <translation>Điểm:</translation>
    </message>
    <message>
        <source>Total spend:</source>
        <translation>Tổng chi tiêu:</translation>
    </message>
    <message>
        <source>Consents</source>
        <translation>Đồng ý</translation>
    </message>
    <message>
        <source>Marketing:</source>
        <translation>Tiếp thị:</translation>
    </message>
    <message>
        <source>Data processing:</source>
        <translation>Xử lý dữ liệu:</translation>
    </message>
    <message>
        <source>Addresses</source>
        <translation>Địa chỉ</translation>
    </message>
    <message>
        <source>The customer could not be loaded.</source>
        <translation>Không tải được thông tin khách hàng.</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Bị khóa</translation>
    </message>
    <message>
        <source>MFA on</source>
        <translation>MFA bật</translation>
    </message>
    <message>
        <source>MFA off</source>
        <translation>MFA tắt</translation>
    </message>
    <message>
        <source>e-mail</source>
        <translation>email</translation>
    </message>
    <message>
        <source>phone</source>
        <translation>điện thoại</translation>
    </message>
    <message>
        <source>nothing yet</source>
        <translation>chưa có</translation>
    </message>
    <message>
        <source>none</source>
        <translation>không có</translation>
    </message>
    <message>
        <source>never</source>
        <translation>chưa bao giờ</translation>
    </message>
    <message>
        <source>Locked until %1</source>
        <translation>Bị khóa đến %1</translation>
    </message>
    <message>
        <source>Not locked</source>
        <translation>Không bị khóa</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Ẩn</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Tổng quan</translation>
    </message>
    <message>
        <source>Addresses (%1)</source>
        <translation>Địa chỉ (%1)</translation>
    </message>
    <message>
        <source>Not revealed: %1</source>
        <translation>Chưa hiển thị: %1</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Phiên</translation>
    </message>
    <message>
        <source>Sign out session…</source>
        <translation>Đăng xuất phiên…</translation>
    </message>
    <message>
        <source>End the selected session; the customer has to sign in again there</source>
        <translation>Kết thúc phiên đã chọn; khách hàng sẽ phải đăng nhập lại trên thiết bị đó</translation>
    </message>
    <message>
        <source>Sign out all…</source>
        <translation>Đăng xuất tất cả…</translation>
    </message>
    <message>
        <source>End every active session of this customer</source>
        <translation>Kết thúc mọi phiên đang hoạt động của khách hàng này</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Dừng</translation>
    </message>
    <message>
        <source>Stop signing out before the next session</source>
        <translation>Dừng đăng xuất trước phiên tiếp theo</translation>
    </message>
    <message>
        <source>Sessions could not be loaded: %1</source>
        <translation>Không tải được danh sách phiên: %1</translation>
    </message>
    <message numerus="yes">
        <source>Sessions (%n active)</source>
        <translation>
            <numerusform>Phiên (%n đang hoạt động)</numerusform>
        </translation>
    </message>
    <message>
        <source>Signing out…</source>
        <translation>Đang đăng xuất…</translation>
    </message>
    <message>
        <source>Not signed out: %1</source>
        <translation>Chưa đăng xuất được: %1</translation>
    </message>
    <message>
        <source>That session was already signed out.</source>
        <translation>Phiên đó đã được đăng xuất trước đó.</translation>
    </message>
    <message>
        <source>Signed out.</source>
        <translation>Đã đăng xuất.</translation>
    </message>
    <message>
        <source>Signing out all sessions…</source>
        <translation>Đang đăng xuất tất cả các phiên…</translation>
    </message>
    <message numerus="yes">
        <source>Signing out all sessions… %n done.</source>
        <translation>
            <numerusform>Đang đăng xuất tất cả các phiên… đã xong %n.</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopping after the current session…</source>
        <translation>Sẽ dừng sau phiên hiện tại…</translation>
    </message>
    <message>
        <source>Unlock…</source>
        <translation>Mở khóa…</translation>
    </message>
    <message>
        <source>Clear the failed attempts and the lock, so the customer can sign in again</source>
        <translation>Xóa số lần đăng nhập thất bại và trạng thái khóa để khách hàng có thể đăng nhập lại</translation>
    </message>
    <message>
        <source>Suspend…</source>
        <translation>Tạm ngưng…</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Thiết bị</translation>
    </message>
    <message>
        <source>Login history</source>
        <translation>Lịch sử đăng nhập</translation>
    </message>
    <message>
        <source>Devices (%1)</source>
        <translation>Thiết bị (%1)</translation>
    </message>
    <message>
        <source>Reactivate…</source>
        <translation>Kích hoạt lại…</translation>
    </message>
    <message>
        <source>Let the customer sign in again</source>
        <translation>Cho phép khách hàng đăng nhập lại</translation>
    </message>
    <message>
        <source>Block sign-in and sign out every session of this customer</source>
        <translation>Chặn đăng nhập và đăng xuất mọi phiên của khách hàng này</translation>
    </message>
    <message>
        <source>Unlock %1? The lock until %2 and the count of failed sign-in attempts (%3) are cleared.</source>
        <translation>Mở khóa %1? Trạng thái khóa đến %2 và số lần đăng nhập thất bại (%3) sẽ được xóa.</translation>
    </message>
    <message>
        <source>Clear the count of failed sign-in attempts (%1) of %2?</source>
        <translation>Xóa số lần đăng nhập thất bại (%1) của %2?</translation>
    </message>
    <message>
        <source>Unlock account</source>
        <translation>Mở khóa tài khoản</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Mở khóa</translation>
    </message>
    <message>
        <source>Unlocked.</source>
        <translation>Đã mở khóa.</translation>
    </message>
    <message>
        <source>Suspend %1? They cannot sign in while suspended, and every active session is signed out.</source>
        <translation>Tạm ngưng %1? Khách hàng không thể đăng nhập trong thời gian bị tạm ngưng, và mọi phiên đang hoạt động sẽ bị đăng xuất.</translation>
    </message>
    <message>
        <source>Reactivate %1? They can sign in again.</source>
        <translation>Kích hoạt lại %1? Khách hàng sẽ có thể đăng nhập lại.</translation>
    </message>
    <message>
        <source>Suspend account</source>
        <translation>Tạm ngưng tài khoản</translation>
    </message>
    <message>
        <source>Reactivate account</source>
        <translation>Kích hoạt lại tài khoản</translation>
    </message>
    <message>
        <source>Suspend</source>
        <translation>Tạm ngưng</translation>
    </message>
    <message>
        <source>Reactivate</source>
        <translation>Kích hoạt lại</translation>
    </message>
    <message>
        <source>Suspended; their sessions are signed out.</source>
        <translation>Đã tạm ngưng; các phiên của khách hàng đã bị đăng xuất.</translation>
    </message>
    <message>
        <source>Reactivated.</source>
        <translation>Đã kích hoạt lại.</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Đang xử lý…</translation>
    </message>
    <message>
        <source>Not done: this customer was changed by someone else since you opened it. The account has been reloaded; check it and try again.</source>
        <translation>Chưa thực hiện: khách hàng này đã bị người khác thay đổi kể từ khi bạn mở. Tài khoản đã được tải lại; hãy kiểm tra và thử lại.</translation>
    </message>
    <message>
        <source>Not done: %1</source>
        <translation>Chưa thực hiện: %1</translation>
    </message>
    <message>
        <source>Suspending and reactivating accounts is for security officers and admins</source>
        <translation>Chỉ chuyên viên bảo mật và quản trị viên mới được tạm ngưng và kích hoạt lại tài khoản</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>idc::CustomerSearchModel</name>
    <message>
        <source>Never</source>
        <translation>Chưa bao giờ</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Bị khóa</translation>
    </message>
    <message>
        <source>MFA</source>
        <translation>MFA</translation>
    </message>
    <message>
        <source>Locked until %1</source>
        <translation>Bị khóa đến %1</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Quốc gia</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>Hạng</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Total spend</source>
        <translation>Tổng chi tiêu</translation>
    </message>
    <message>
        <source>Customer since</source>
        <translation>Khách hàng từ</translation>
    </message>
    <message>
        <source>Last login</source>
        <translation>Đăng nhập lần cuối</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>Bảo mật</translation>
    </message>
</context>
<context>
    <name>idc::CustomerSearchView</name>
    <message>
        <source>Search customers by name, e-mail, phone or id (Ctrl+F)</source>
        <translation>Tìm kiếm khách hàng theo tên, email, số điện thoại hoặc ID (Ctrl+F)</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>Mọi trạng thái</translation>
    </message>
    <message>
        <source>Any tier</source>
        <translation>Mọi hạng</translation>
    </message>
    <message>
        <source>Any country</source>
        <translation>Mọi quốc gia</translation>
    </message>
    <message>
        <source>MFA on or off</source>
        <translation>MFA bật hoặc tắt</translation>
    </message>
    <message>
        <source>MFA on</source>
        <translation>MFA bật</translation>
    </message>
    <message>
        <source>MFA off</source>
        <translation>MFA tắt</translation>
    </message>
    <message>
        <source>Locked or not</source>
        <translation>Bị khóa hoặc không</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Bị khóa</translation>
    </message>
    <message>
        <source>Not locked</source>
        <translation>Không bị khóa</translation>
    </message>
    <message>
        <source>Created from</source>
        <translation>Tạo từ ngày</translation>
    </message>
    <message>
        <source>to</source>
        <translation>đến</translation>
    </message>
    <message>
        <source>Reset filters</source>
        <translation>Đặt lại bộ lọc</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Đang tìm kiếm…</translation>
    </message>
    <message>
        <source>The search failed: %1</source>
        <translation>Tìm kiếm không thành công: %1</translation>
    </message>
    <message>
        <source>Matches: more than %1</source>
        <translation>Số kết quả: hơn %1</translation>
    </message>
    <message>
        <source>Matches: %1</source>
        <translation>Số kết quả: %1</translation>
    </message>
</context>
<context>
    <name>idc::DeviceTableModel</name>
    <message>
        <source>Trusted since %1</source>
        <translation>Tin cậy từ %1</translation>
    </message>
    <message>
        <source>Not trusted</source>
        <translation>Không tin cậy</translation>
    </message>
    <message>
        <source>Fingerprint: %1</source>
        <translation>Dấu vân tay thiết bị: %1</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Thiết bị</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Hệ thống</translation>
    </message>
    <message>
        <source>Trust</source>
        <translation>Tin cậy</translation>
    </message>
    <message>
        <source>Active sessions</source>
        <translation>Phiên đang hoạt động</translation>
    </message>
    <message>
        <source>First seen</source>
        <translation>Hoạt động lần đầu</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Hoạt động lần cuối</translation>
    </message>
    <message>
        <source>Last IP address</source>
        <translation>Địa chỉ IP gần nhất</translation>
    </message>
</context>
<context>
    <name>idc::DevicesPanel</name>
    <message>
        <source>Trust</source>
        <translation>Tin cậy</translation>
    </message>
    <message>
        <source>Forget…</source>
        <translation>Gỡ…</translation>
    </message>
    <message>
        <source>Remove the device and sign out its sessions</source>
        <translation>Gỡ thiết bị và đăng xuất các phiên của thiết bị đó</translation>
    </message>
    <message>
        <source>Devices could not be loaded: %1</source>
        <translation>Không tải được danh sách thiết bị: %1</translation>
    </message>
    <message>
        <source>Stop trusting</source>
        <translation>Ngừng tin cậy</translation>
    </message>
    <message>
        <source>Ask for the second factor on this device again</source>
        <translation>Yêu cầu lại yếu tố xác thực thứ hai trên thiết bị này</translation>
    </message>
    <message>
        <source>Skip the second factor on this device</source>
        <translation>Bỏ qua yếu tố xác thực thứ hai trên thiết bị này</translation>
    </message>
    <message>
        <source>Not changed: %1</source>
        <translation>Chưa thay đổi được: %1</translation>
    </message>
    <message>
        <source>“%1” is trusted.</source>
        <translation>“%1” đã được tin cậy.</translation>
    </message>
    <message>
        <source>“%1” is no longer trusted.</source>
        <translation>“%1” không còn được tin cậy.</translation>
    </message>
    <message>
        <source>Forget device</source>
        <translation>Gỡ thiết bị</translation>
    </message>
    <message>
        <source>this customer</source>
        <translation>khách hàng này</translation>
    </message>
    <message>
        <source>Forget “%1” of %2?</source>
        <translation>Gỡ “%1” của %2?</translation>
    </message>
    <message>
        <source>Its active session is signed out.</source>
        <translation>Phiên đang hoạt động của thiết bị này sẽ bị đăng xuất.</translation>
    </message>
    <message numerus="yes">
        <source>Its %n active sessions are signed out.</source>
        <translation>
            <numerusform>%n phiên đang hoạt động của thiết bị này sẽ bị đăng xuất.</numerusform>
        </translation>
    </message>
    <message>
        <source>The next sign-in from it counts as a new device.</source>
        <translation>Lần đăng nhập tiếp theo từ thiết bị này sẽ được tính là thiết bị mới.</translation>
    </message>
    <message>
        <source>Optional, kept in the audit trail</source>
        <translation>Không bắt buộc, được lưu trong nhật ký kiểm tra</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>Ghi chú:</translation>
    </message>
    <message>
        <source>Forget</source>
        <translation>Gỡ</translation>
    </message>
    <message>
        <source>Forgetting…</source>
        <translation>Đang gỡ…</translation>
    </message>
    <message>
        <source>Not forgotten: %1</source>
        <translation>Chưa gỡ được: %1</translation>
    </message>
    <message>
        <source>Device forgotten.</source>
        <translation>Đã gỡ thiết bị.</translation>
    </message>
    <message>
        <source>Device forgotten; its session was signed out.</source>
        <translation>Đã gỡ thiết bị; phiên của thiết bị đã bị đăng xuất.</translation>
    </message>
    <message numerus="yes">
        <source>Device forgotten; %n sessions were signed out.</source>
        <translation>
            <numerusform>Đã gỡ thiết bị; %n phiên đã bị đăng xuất.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>idc::ExportDialog</name>
    <message>
        <source>Export</source>
        <translation>Xuất dữ liệu</translation>
    </message>
    <message>
        <source>No filter: every row.</source>
        <translation>Không có bộ lọc: mọi dòng.</translation>
    </message>
    <message>
        <source>Filter: %1</source>
        <translation>Bộ lọc: %1</translation>
    </message>
    <message>
        <source>PDF (readable)</source>
        <translation>PDF (dễ đọc)</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <source>CSV for Excel (with byte order mark)</source>
        <translation>CSV cho Excel (có dấu thứ tự byte)</translation>
    </message>
    <message>
        <source>JSON Lines</source>
        <translation>JSON Lines</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>Định &amp;dạng:</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Duyệt…</translation>
    </message>
    <message>
        <source>F&amp;ile:</source>
        <translation>&amp;Tệp:</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Xuất</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>Khách hàng</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Phiên</translation>
    </message>
    <message>
        <source>Login events</source>
        <translation>Sự kiện đăng nhập</translation>
    </message>
    <message>
        <source>Audit events</source>
        <translation>Sự kiện kiểm tra</translation>
    </message>
    <message>
        <source>Customer data report</source>
        <translation>Báo cáo dữ liệu khách hàng</translation>
    </message>
    <message>
        <source>%1 files (*.%2)</source>
        <translation>Tệp %1 (*.%2)</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>Xuất vào</translation>
    </message>
    <message>
        <source>FILE.manifest.json</source>
        <translation>FILE.manifest.json</translation>
    </message>
    <message>
        <source>A signed manifest (%1) is written beside the file. The export is recorded in the audit trail.</source>
        <translation>Một bản kê có chữ ký (%1) được ghi bên cạnh tệp. Việc xuất được ghi vào nhật ký kiểm tra.</translation>
    </message>
    <message>
        <source>Replace export?</source>
        <translation>Thay thế bản xuất?</translation>
    </message>
    <message>
        <source>%1 exists already. Replace it and its manifest?</source>
        <translation>%1 đã tồn tại. Thay thế nó và bản kê của nó?</translation>
    </message>
</context>
<context>
    <name>idc::ExportProgressDialog</name>
    <message>
        <source>Exporting…</source>
        <translation>Đang xuất…</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Đang khởi động…</translation>
    </message>
    <message>
        <source>Show in &amp;folder</source>
        <translation>Mở &amp;thư mục</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>Đó&amp;ng</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Hủy</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Đang hủy…</translation>
    </message>
    <message>
        <source>%1 of %2 rows</source>
        <translation>%1 / %2 dòng</translation>
    </message>
    <message>
        <source>%1 rows</source>
        <translation>%1 dòng</translation>
    </message>
    <message>
        <source>%1 rows/s</source>
        <translation>%1 dòng/giây</translation>
    </message>
    <message>
        <source>about %1 left</source>
        <translation>còn khoảng %1</translation>
    </message>
    <message>
        <source>Export finished</source>
        <translation>Đã xuất xong</translation>
    </message>
    <message>
        <source>Exported %1 rows to %2 (%3). Signed by key %4; the manifest lies beside it.</source>
        <translation>Đã xuất %1 dòng vào %2 (%3). Ký bằng khóa %4; bản kê nằm bên cạnh.</translation>
    </message>
    <message>
        <source>Export cancelled</source>
        <translation>Đã hủy xuất</translation>
    </message>
    <message>
        <source>Cancelled. No file was kept.</source>
        <translation>Đã hủy. Không giữ lại tệp nào.</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Xuất thất bại</translation>
    </message>
    <message>
        <source>The export failed: %1</source>
        <translation>Xuất thất bại: %1</translation>
    </message>
    <message>
        <source>No file was kept.</source>
        <translation>Không giữ lại tệp nào.</translation>
    </message>
    <message>
        <source>%1 rows written. Signing the file and recording the export in the audit trail…</source>
        <translation>Đã ghi %1 dòng. Đang ký tệp và ghi việc xuất vào nhật ký kiểm tra…</translation>
    </message>
</context>
<context>
    <name>idc::LoginDialog</name>
    <message>
        <source>Sign in</source>
        <translation>Đăng nhập</translation>
    </message>
    <message>
        <source>Sign in to &lt;b&gt;%1&lt;/b&gt; (%2).</source>
        <translation>Đăng nhập vào &lt;b&gt;%1&lt;/b&gt; (%2).</translation>
    </message>
    <message>
        <source>6-digit code or a recovery code</source>
        <translation>Mã 6 chữ số hoặc mã khôi phục</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Tên người dùng:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Mật khẩu:</translation>
    </message>
    <message>
        <source>Authenticator &amp;code:</source>
        <translation>&amp;Mã xác thực:</translation>
    </message>
    <message>
        <source>Your session has ended. Sign in again to continue.</source>
        <translation>Phiên làm việc đã kết thúc. Hãy đăng nhập lại để tiếp tục.</translation>
    </message>
    <message>
        <source>The user name, password or code was not accepted.</source>
        <translation>Tên người dùng, mật khẩu hoặc mã không được chấp nhận.</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Đang đăng nhập…</translation>
    </message>
</context>
<context>
    <name>idc::LoginEventTableModel</name>
    <message>
        <source>Signed in</source>
        <translation>Đã đăng nhập</translation>
    </message>
    <message>
        <source>Signed in with %1</source>
        <translation>Đã đăng nhập bằng %1</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Thất bại</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>Unknown device</source>
        <translation>Thiết bị không xác định</translation>
    </message>
    <message>
        <source>No customer has this e-mail address</source>
        <translation>Không có khách hàng nào dùng địa chỉ email này</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>IP address</source>
        <translation>Địa chỉ IP</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Vị trí</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Thiết bị</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>Rủi ro</translation>
    </message>
</context>
<context>
    <name>idc::LoginHistoryView</name>
    <message>
        <source>Last 24 hours</source>
        <translation>24 giờ qua</translation>
    </message>
    <message>
        <source>Last 3 days</source>
        <translation>3 ngày qua</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>7 ngày qua</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>30 ngày qua</translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation>90 ngày qua</translation>
    </message>
    <message>
        <source>Any outcome</source>
        <translation>Mọi kết quả</translation>
    </message>
    <message>
        <source>Successful</source>
        <translation>Thành công</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Thất bại</translation>
    </message>
    <message>
        <source>Any failure reason</source>
        <translation>Mọi lý do thất bại</translation>
    </message>
    <message>
        <source>IP address or subnet</source>
        <translation>Địa chỉ IP hoặc mạng con</translation>
    </message>
    <message>
        <source>Any country</source>
        <translation>Mọi quốc gia</translation>
    </message>
    <message>
        <source>Only with:</source>
        <translation>Chỉ khi có:</translation>
    </message>
    <message>
        <source>Click a bar to list its logins</source>
        <translation>Nhấp vào một cột để liệt kê các lần đăng nhập trong cột đó</translation>
    </message>
    <message>
        <source>Show the whole range</source>
        <translation>Hiện toàn bộ khoảng thời gian</translation>
    </message>
    <message>
        <source>Sessions from this IP…</source>
        <translation>Các phiên từ IP này…</translation>
    </message>
    <message>
        <source>List the active sessions signed in from the selected event&apos;s address</source>
        <translation>Liệt kê các phiên đang hoạt động đã đăng nhập từ địa chỉ của sự kiện đã chọn</translation>
    </message>
    <message>
        <source>Login history could not be loaded: %1</source>
        <translation>Không tải được lịch sử đăng nhập: %1</translation>
    </message>
    <message>
        <source>“%1” is not an IP address or a subnet such as 185.220.101.0/24.</source>
        <translation>“%1” không phải là địa chỉ IP hoặc mạng con, ví dụ 185.220.101.0/24.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Đang tải…</translation>
    </message>
    <message>
        <source>The chart could not be loaded: %1</source>
        <translation>Không tải được biểu đồ: %1</translation>
    </message>
    <message>
        <source>Logins per hour (UTC)</source>
        <translation>Số lần đăng nhập mỗi giờ (UTC)</translation>
    </message>
    <message>
        <source>Logins per day (UTC)</source>
        <translation>Số lần đăng nhập mỗi ngày (UTC)</translation>
    </message>
    <message>
        <source>%1
%2 successful, %3 failed</source>
        <translation>%1
%2 thành công, %3 thất bại</translation>
    </message>
    <message>
        <source>%1 to %2 UTC</source>
        <translation>%1 đến %2 UTC</translation>
    </message>
    <message>
        <source>Showing %1: %2 successful, %3 failed</source>
        <translation>Đang hiển thị %1: %2 thành công, %3 thất bại</translation>
    </message>
    <message>
        <source>More than %1 events</source>
        <translation>Hơn %1 sự kiện</translation>
    </message>
    <message>
        <source>1 event</source>
        <translation>1 sự kiện</translation>
    </message>
    <message numerus="yes">
        <source>%n events</source>
        <translation>
            <numerusform>%n sự kiện</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>idc::MainWindow</name>
    <message>
        <source>Identity Console</source>
        <translation>Identity Console</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Choose a connection…</source>
        <translation>Chọn kết nối…</translation>
    </message>
    <message>
        <source>Creating the demo database with realistic customers, devices, sessions and login history. This happens once.</source>
        <translation>Đang tạo cơ sở dữ liệu mẫu với khách hàng, thiết bị, phiên và lịch sử đăng nhập sát với thực tế. Việc này chỉ diễn ra một lần.</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Đang kết nối…</translation>
    </message>
    <message>
        <source>No system keychain is available: passwords are asked each time and never written to disk.</source>
        <translation>Không có kho khóa hệ thống: mật khẩu được hỏi mỗi lần và không bao giờ được ghi ra đĩa.</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Đang khởi động…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Tệp</translation>
    </message>
    <message>
        <source>&amp;Connect…</source>
        <translation>&amp;Kết nối…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Cài đặt…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Thoát</translation>
    </message>
    <message>
        <source>&amp;Customers</source>
        <translation>&amp;Khách hàng</translation>
    </message>
    <message>
        <source>&amp;Find customer</source>
        <translation>&amp;Tìm khách hàng</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>T&amp;rợ giúp</translation>
    </message>
    <message>
        <source>&amp;About Identity Console</source>
        <translation>&amp;Giới thiệu về Identity Console</translation>
    </message>
    <message>
        <source>About Identity Console</source>
        <translation>Giới thiệu về Identity Console</translation>
    </message>
    <message>
        <source>Identity Console %1
Find customers, fix their accounts, and read their login and audit history.</source>
        <translation>Identity Console %1
Tìm kiếm khách hàng, khắc phục sự cố tài khoản, xem lịch sử đăng nhập và nhật ký kiểm tra.</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>Khách hàng</translation>
    </message>
    <message>
        <source>Profile: %1</source>
        <translation>Hồ sơ kết nối: %1</translation>
    </message>
    <message>
        <source>%1 · schema %2</source>
        <translation>%1 · lược đồ %2</translation>
    </message>
    <message>
        <source>Operator: %1</source>
        <translation>Người vận hành: %1</translation>
    </message>
    <message>
        <source>unnamed</source>
        <translation>chưa đặt tên</translation>
    </message>
    <message>
        <source>%1 — Identity Console</source>
        <translation>%1 — Identity Console</translation>
    </message>
    <message>
        <source>Connection failed</source>
        <translation>Kết nối không thành công</translation>
    </message>
    <message>
        <source>Could not open “%1”.
%2</source>
        <translation>Không mở được “%1”.
%2</translation>
    </message>
    <message>
        <source>The demo database was not created.</source>
        <translation>Cơ sở dữ liệu mẫu chưa được tạo.</translation>
    </message>
    <message>
        <source>No password was given for “%1”.</source>
        <translation>Chưa nhập mật khẩu cho “%1”.</translation>
    </message>
    <message>
        <source>Preparing the database</source>
        <translation>Đang chuẩn bị cơ sở dữ liệu</translation>
    </message>
    <message>
        <source>Addresses</source>
        <translation>Địa chỉ</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Thiết bị</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Phiên</translation>
    </message>
    <message>
        <source>Login history</source>
        <translation>Lịch sử đăng nhập</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>Nhật ký kiểm tra</translation>
    </message>
    <message>
        <source>Finishing</source>
        <translation>Đang hoàn tất</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>Đăng &amp;xuất</translation>
    </message>
    <message>
        <source>Signed out of “%1”.</source>
        <translation>Đã đăng xuất khỏi “%1”.</translation>
    </message>
    <message>
        <source>Not signed in to “%1”.</source>
        <translation>Chưa đăng nhập vào “%1”.</translation>
    </message>
    <message>
        <source>Signing in to “%1”…</source>
        <translation>Đang đăng nhập vào “%1”…</translation>
    </message>
    <message>
        <source>Operator: %1 (%2)</source>
        <translation>Người vận hành: %1 (%2)</translation>
    </message>
    <message>
        <source>Your &amp;authenticator app…</source>
        <translation>Ứng dụng &amp;xác thực của bạn…</translation>
    </message>
    <message>
        <source>Two-step sign-in for your own API login</source>
        <translation>Đăng nhập hai bước cho tài khoản API của chính bạn</translation>
    </message>
    <message>
        <source>Your authenticator app</source>
        <translation>Ứng dụng xác thực của bạn</translation>
    </message>
    <message>
        <source>With an authenticator app, signing in to “%1” needs a code from your phone as well as your password.</source>
        <translation>Khi dùng ứng dụng xác thực, đăng nhập vào “%1” cần cả mã trên điện thoại lẫn mật khẩu của bạn.</translation>
    </message>
    <message>
        <source>E&amp;xport</source>
        <translation>&amp;Xuất</translation>
    </message>
    <message>
        <source>Export this &amp;list…</source>
        <translation>Xuất &amp;danh sách này…</translation>
    </message>
    <message>
        <source>Export &amp;customer data report…</source>
        <translation>Xuất báo cáo dữ liệu &amp;khách hàng…</translation>
    </message>
    <message>
        <source>Your role cannot export data.</source>
        <translation>Vai trò của bạn không được xuất dữ liệu.</translation>
    </message>
    <message>
        <source>Export the rows of the list shown, with its filter</source>
        <translation>Xuất các dòng của danh sách đang hiển thị, theo bộ lọc của nó</translation>
    </message>
    <message>
        <source>Everything kept about the open customer</source>
        <translation>Mọi thứ đang lưu về khách hàng đang mở</translation>
    </message>
    <message>
        <source>Open a customer first</source>
        <translation>Hãy mở một khách hàng trước</translation>
    </message>
    <message>
        <source>Customers matching the current search</source>
        <translation>Khách hàng khớp với tìm kiếm hiện tại</translation>
    </message>
    <message>
        <source>Sessions matching the current filter</source>
        <translation>Phiên khớp với bộ lọc hiện tại</translation>
    </message>
    <message>
        <source>Login events matching the current filter</source>
        <translation>Sự kiện đăng nhập khớp với bộ lọc hiện tại</translation>
    </message>
    <message>
        <source>Audit events matching the current filter</source>
        <translation>Sự kiện kiểm tra khớp với bộ lọc hiện tại</translation>
    </message>
    <message>
        <source>Everything kept about %1 (customer %2), for a data access request</source>
        <translation>Mọi thứ đang lưu về %1 (khách hàng %2), cho một yêu cầu truy cập dữ liệu</translation>
    </message>
</context>
<context>
    <name>idc::MfaEnrollmentDialog</name>
    <message>
        <source>Set up an authenticator app</source>
        <translation>Thiết lập ứng dụng xác thực</translation>
    </message>
    <message>
        <source>Preparing a new key…</source>
        <translation>Đang chuẩn bị khóa mới…</translation>
    </message>
    <message>
        <source>Start again with a new key</source>
        <translation>Bắt đầu lại với khóa mới</translation>
    </message>
    <message>
        <source>QR code to scan with an authenticator app</source>
        <translation>Mã QR để quét bằng ứng dụng xác thực</translation>
    </message>
    <message>
        <source>&lt;b&gt;1.&lt;/b&gt; In an authenticator app (Google Authenticator, Microsoft Authenticator, Aegis, 1Password…), add an account and scan this code.&lt;br&gt;&lt;b&gt;2.&lt;/b&gt; Or type the key below instead (time-based).</source>
        <translation>&lt;b&gt;1.&lt;/b&gt; Trong ứng dụng xác thực (Google Authenticator, Microsoft Authenticator, Aegis, 1Password…), thêm tài khoản và quét mã này.&lt;br&gt;&lt;b&gt;2.&lt;/b&gt; Hoặc nhập khóa bên dưới (loại theo thời gian).</translation>
    </message>
    <message>
        <source>Copy key</source>
        <translation>Sao chép khóa</translation>
    </message>
    <message numerus="yes">
        <source>Copy the key; the clipboard is cleared again after %n second(s)</source>
        <translation>
            <numerusform>Sao chép khóa; bộ nhớ tạm sẽ được xóa sau %n giây</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;3.&lt;/b&gt; Enter the 6-digit code the app shows now:</source>
        <translation>&lt;b&gt;3.&lt;/b&gt; Nhập mã 6 chữ số ứng dụng đang hiển thị:</translation>
    </message>
    <message>
        <source>Turn on</source>
        <translation>Bật</translation>
    </message>
    <message numerus="yes">
        <source>Key copied. The clipboard is cleared in %n second(s).</source>
        <translation>
            <numerusform>Đã sao chép khóa. Bộ nhớ tạm sẽ được xóa sau %n giây.</numerusform>
        </translation>
    </message>
    <message>
        <source>The authenticator could not be set up: %1</source>
        <translation>Không thể thiết lập ứng dụng xác thực: %1</translation>
    </message>
    <message>
        <source>Account: %1</source>
        <translation>Tài khoản: %1</translation>
    </message>
    <message>
        <source>Account: %1 · Issuer: %2</source>
        <translation>Tài khoản: %1 · Nhà phát hành: %2</translation>
    </message>
    <message numerus="yes">
        <source>Tries left: %n.</source>
        <translation>
            <numerusform>Số lần thử còn lại: %n.</numerusform>
        </translation>
    </message>
    <message>
        <source>The key is too long for a QR code; type it instead.</source>
        <translation>Khóa quá dài để tạo mã QR; hãy nhập khóa thủ công.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Đang kiểm tra…</translation>
    </message>
    <message>
        <source>This setup is no longer valid: it was finished, reset or replaced elsewhere in the meantime.</source>
        <translation>Lần thiết lập này không còn hiệu lực: trong lúc đó nó đã được hoàn tất, đặt lại hoặc thay thế ở nơi khác.</translation>
    </message>
    <message>
        <source>Not turned on: %1</source>
        <translation>Chưa bật: %1</translation>
    </message>
    <message numerus="yes">
        <source>&lt;span style=&apos;color:#c62828&apos;&gt;That code is not right.&lt;/span&gt; Check that the phone&apos;s clock is set automatically and enter the code the app shows now. Tries left: %n.</source>
        <translation>
            <numerusform>&lt;span style=&apos;color:#c62828&apos;&gt;Mã không đúng.&lt;/span&gt; Hãy kiểm tra đồng hồ điện thoại được đặt tự động và nhập mã ứng dụng đang hiển thị. Số lần thử còn lại: %n.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 wrong codes: this setup is void and its key no longer works. Remove the account from the app, then start again with a new key.</source>
        <translation>%1 lần nhập sai mã: lần thiết lập này đã bị hủy và khóa của nó không còn dùng được. Hãy xóa tài khoản khỏi ứng dụng rồi bắt đầu lại với khóa mới.</translation>
    </message>
    <message>
        <source>Authenticator app turned on</source>
        <translation>Đã bật ứng dụng xác thực</translation>
    </message>
    <message>
        <source>&lt;b&gt;Two-step sign-in is on for %1.&lt;/b&gt; From now on, signing in needs the code from the authenticator app.</source>
        <translation>&lt;b&gt;Đăng nhập hai bước đã bật cho %1.&lt;/b&gt; Từ nay, đăng nhập cần mã từ ứng dụng xác thực.</translation>
    </message>
    <message>
        <source>Tick the box once the recovery codes are stored</source>
        <translation>Đánh dấu ô này sau khi đã cất giữ mã khôi phục</translation>
    </message>
    <message>
        <source>Waiting for the answer before closing…</source>
        <translation>Đang chờ phản hồi trước khi đóng…</translation>
    </message>
</context>
<context>
    <name>idc::MfaPanel</name>
    <message>
        <source>Authenticator app (TOTP)</source>
        <translation>Ứng dụng xác thực (TOTP)</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Trạng thái:</translation>
    </message>
    <message>
        <source>Recovery codes:</source>
        <translation>Mã khôi phục:</translation>
    </message>
    <message>
        <source>Set up…</source>
        <translation>Thiết lập…</translation>
    </message>
    <message>
        <source>New recovery codes…</source>
        <translation>Mã khôi phục mới…</translation>
    </message>
    <message>
        <source>Reset…</source>
        <translation>Đặt lại…</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Không rõ</translation>
    </message>
    <message>
        <source>Could not read: %1</source>
        <translation>Không đọc được: %1</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Đang tải…</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Tắt</translation>
    </message>
    <message>
        <source>none</source>
        <translation>không có</translation>
    </message>
    <message>
        <source>Being set up since %1 (waiting for the first code)</source>
        <translation>Đang thiết lập từ %1 (chờ mã đầu tiên)</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>chưa có</translation>
    </message>
    <message>
        <source>&lt;b&gt;On&lt;/b&gt; since %1</source>
        <translation>&lt;b&gt;Bật&lt;/b&gt; từ %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;On&lt;/b&gt; (set up before this console kept authenticators)</source>
        <translation>&lt;b&gt;Bật&lt;/b&gt; (được thiết lập trước khi ứng dụng này quản lý trình xác thực)</translation>
    </message>
    <message>
        <source>%1 of %2 unused, made %3</source>
        <translation>%1/%2 chưa dùng, tạo lúc %3</translation>
    </message>
    <message>
        <source>none on record</source>
        <translation>không có trong hồ sơ</translation>
    </message>
    <message>
        <source>Continue setup…</source>
        <translation>Tiếp tục thiết lập…</translation>
    </message>
    <message>
        <source>Already on; reset it first to set up another phone</source>
        <translation>Đã bật; hãy đặt lại trước khi thiết lập điện thoại khác</translation>
    </message>
    <message>
        <source>Show a QR code to scan with an authenticator app</source>
        <translation>Hiển thị mã QR để quét bằng ứng dụng xác thực</translation>
    </message>
    <message>
        <source>Make a new set of recovery codes; the old ones stop working</source>
        <translation>Tạo bộ mã khôi phục mới; các mã cũ sẽ hết hiệu lực</translation>
    </message>
    <message>
        <source>Turn the authenticator off, for example after a lost phone</source>
        <translation>Tắt ứng dụng xác thực, ví dụ khi mất điện thoại</translation>
    </message>
    <message>
        <source>Authenticator turned on.</source>
        <translation>Đã bật ứng dụng xác thực.</translation>
    </message>
    <message>
        <source>New recovery codes</source>
        <translation>Mã khôi phục mới</translation>
    </message>
    <message numerus="yes">
        <source>Make new recovery codes for %1? The %n unused code(s) of the current set stop working.</source>
        <translation>
            <numerusform>Tạo mã khôi phục mới cho %1? %n mã chưa dùng của bộ hiện tại sẽ hết hiệu lực.</numerusform>
        </translation>
    </message>
    <message>
        <source>Make new codes</source>
        <translation>Tạo mã mới</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Đang xử lý…</translation>
    </message>
    <message>
        <source>No new codes: %1</source>
        <translation>Chưa tạo được mã mới: %1</translation>
    </message>
    <message>
        <source>New recovery codes made; the old ones no longer work.</source>
        <translation>Đã tạo mã khôi phục mới; các mã cũ không còn hiệu lực.</translation>
    </message>
    <message>
        <source>Cancel the authenticator setup of %1? The key shown for it stops working.</source>
        <translation>Hủy thiết lập ứng dụng xác thực của %1? Khóa đã hiển thị cho lần thiết lập này sẽ hết hiệu lực.</translation>
    </message>
    <message>
        <source>Turn off the authenticator of %1? Signing in then needs the password alone until an authenticator is set up again, and the recovery codes stop working. Do this only once you are sure who you are helping.</source>
        <translation>Tắt ứng dụng xác thực của %1? Khi đó đăng nhập chỉ cần mật khẩu cho đến khi thiết lập lại, và các mã khôi phục hết hiệu lực. Chỉ làm việc này khi bạn chắc chắn mình đang giúp đúng người.</translation>
    </message>
    <message>
        <source>Reset authenticator</source>
        <translation>Đặt lại ứng dụng xác thực</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Đặt lại</translation>
    </message>
    <message>
        <source>Not reset: %1</source>
        <translation>Chưa đặt lại: %1</translation>
    </message>
    <message>
        <source>Authenticator reset.</source>
        <translation>Đã đặt lại ứng dụng xác thực.</translation>
    </message>
    <message>
        <source>New recovery codes for %1</source>
        <translation>Mã khôi phục mới cho %1</translation>
    </message>
</context>
<context>
    <name>idc::PasswordDialog</name>
    <message>
        <source>Password</source>
        <translation>Mật khẩu</translation>
    </message>
    <message>
        <source>Enter the password of &lt;b&gt;%1&lt;/b&gt; for the profile “%2”.</source>
        <translation>Nhập mật khẩu của &lt;b&gt;%1&lt;/b&gt; cho hồ sơ kết nối “%2”.</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Mật khẩu:</translation>
    </message>
</context>
<context>
    <name>idc::RecoveryCodesDialog</name>
    <message>
        <source>New recovery codes</source>
        <translation>Mã khôi phục mới</translation>
    </message>
    <message>
        <source>Tick the box once the recovery codes are stored</source>
        <translation>Đánh dấu ô này sau khi đã cất giữ mã khôi phục</translation>
    </message>
</context>
<context>
    <name>idc::RecoveryCodesWidget</name>
    <message>
        <source>&lt;b&gt;Save these %1 recovery codes now.&lt;/b&gt; They are shown only this once. Each works one time in place of an authenticator code, for example after losing the phone.</source>
        <translation>&lt;b&gt;Hãy lưu %1 mã khôi phục này ngay.&lt;/b&gt; Chúng chỉ hiển thị một lần duy nhất. Mỗi mã dùng được một lần thay cho mã xác thực, ví dụ khi mất điện thoại.</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Sao chép</translation>
    </message>
    <message numerus="yes">
        <source>Copy the codes; the clipboard is cleared again after %n second(s)</source>
        <translation>
            <numerusform>Sao chép các mã; bộ nhớ tạm sẽ được xóa sau %n giây</numerusform>
        </translation>
    </message>
    <message>
        <source>Save as text…</source>
        <translation>Lưu thành tệp văn bản…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>In…</translation>
    </message>
    <message>
        <source>The codes are stored where they will be found when needed</source>
        <translation>Các mã đã được cất giữ ở nơi có thể tìm thấy khi cần</translation>
    </message>
    <message>
        <source>Recovery codes for %1</source>
        <translation>Mã khôi phục cho %1</translation>
    </message>
    <message>
        <source>Created %1. Each code works once; a new set replaces all of them.</source>
        <translation>Tạo lúc %1. Mỗi mã chỉ dùng được một lần; bộ mã mới sẽ thay thế toàn bộ.</translation>
    </message>
    <message numerus="yes">
        <source>Copied. The clipboard is cleared in %n second(s).</source>
        <translation>
            <numerusform>Đã sao chép. Bộ nhớ tạm sẽ được xóa sau %n giây.</numerusform>
        </translation>
    </message>
    <message>
        <source>Save recovery codes</source>
        <translation>Lưu mã khôi phục</translation>
    </message>
    <message>
        <source>recovery-codes.txt</source>
        <translation>ma-khoi-phuc.txt</translation>
    </message>
    <message>
        <source>Text files (*.txt)</source>
        <translation>Tệp văn bản (*.txt)</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>Đã lưu vào %1.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Chưa lưu: %1</translation>
    </message>
    <message>
        <source>Print recovery codes</source>
        <translation>In mã khôi phục</translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation>Đã gửi tới máy in.</translation>
    </message>
    <message>
        <source>Recovery codes not stored?</source>
        <translation>Chưa cất giữ mã khôi phục?</translation>
    </message>
    <message>
        <source>The recovery codes cannot be shown again. Close anyway? (New ones can be made later; they replace these.)</source>
        <translation>Mã khôi phục sẽ không được hiển thị lại. Vẫn đóng? (Có thể tạo mã mới sau; mã mới sẽ thay thế các mã này.)</translation>
    </message>
</context>
<context>
    <name>idc::RevokeSessionDialog</name>
    <message>
        <source>Sign out all sessions</source>
        <translation>Đăng xuất tất cả các phiên</translation>
    </message>
    <message>
        <source>Sign out session</source>
        <translation>Đăng xuất phiên</translation>
    </message>
    <message>
        <source>this customer</source>
        <translation>khách hàng này</translation>
    </message>
    <message>
        <source>Sign out the only active session of %1?</source>
        <translation>Đăng xuất phiên đang hoạt động duy nhất của %1?</translation>
    </message>
    <message>
        <source>Sign out 1 session of %1?</source>
        <translation>Đăng xuất 1 phiên của %1?</translation>
    </message>
    <message numerus="yes">
        <source>Sign out all %n active sessions of %1?</source>
        <translation>
            <numerusform>Đăng xuất tất cả %n phiên đang hoạt động của %1?</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose a reason…</source>
        <translation>Chọn lý do…</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Lý do:</translation>
    </message>
    <message>
        <source>Optional, kept in the audit trail</source>
        <translation>Không bắt buộc, được lưu trong nhật ký kiểm tra</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>Ghi chú:</translation>
    </message>
    <message>
        <source>The customer has to sign in again on those devices. The audit trail records who signed them out and why.</source>
        <translation>Khách hàng sẽ phải đăng nhập lại trên các thiết bị đó. Nhật ký kiểm tra ghi lại ai đã đăng xuất các phiên và vì sao.</translation>
    </message>
    <message>
        <source>Sign out all</source>
        <translation>Đăng xuất tất cả</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Đăng xuất</translation>
    </message>
    <message>
        <source>Sign out sessions</source>
        <translation>Đăng xuất các phiên</translation>
    </message>
    <message>
        <source>Each customer has to sign in again on those devices. The audit trail records every session signed out, by whom and why.</source>
        <translation>Mỗi khách hàng sẽ phải đăng nhập lại trên các thiết bị đó. Nhật ký kiểm tra ghi lại mọi phiên bị đăng xuất, ai đã đăng xuất và vì sao.</translation>
    </message>
</context>
<context>
    <name>idc::SessionTableModel</name>
    <message>
        <source>Unknown</source>
        <translation>Không rõ</translation>
    </message>
    <message>
        <source>by %1</source>
        <translation>bởi %1</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>Ghi chú: %1</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Thiết bị</translation>
    </message>
    <message>
        <source>IP address</source>
        <translation>Địa chỉ IP</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Quốc gia</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Tạo lúc</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Hoạt động lần cuối</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Hết hạn</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>Thu hồi</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Khách hàng</translation>
    </message>
</context>
<context>
    <name>idc::SessionsView</name>
    <message>
        <source>IP address or subnet, e.g. 185.220.101.0/24</source>
        <translation>Địa chỉ IP hoặc mạng con, ví dụ 185.220.101.0/24</translation>
    </message>
    <message>
        <source>Any country</source>
        <translation>Mọi quốc gia</translation>
    </message>
    <message>
        <source>Any device</source>
        <translation>Mọi thiết bị</translation>
    </message>
    <message>
        <source>Any age</source>
        <translation>Mọi thời gian</translation>
    </message>
    <message>
        <source>Started in the last hour</source>
        <translation>Bắt đầu trong 1 giờ qua</translation>
    </message>
    <message>
        <source>Started in the last 24 hours</source>
        <translation>Bắt đầu trong 24 giờ qua</translation>
    </message>
    <message>
        <source>Started in the last 7 days</source>
        <translation>Bắt đầu trong 7 ngày qua</translation>
    </message>
    <message>
        <source>Started more than 7 days ago</source>
        <translation>Bắt đầu hơn 7 ngày trước</translation>
    </message>
    <message>
        <source>Active only</source>
        <translation>Chỉ phiên đang hoạt động</translation>
    </message>
    <message>
        <source>Sign out selected…</source>
        <translation>Đăng xuất phiên đã chọn…</translation>
    </message>
    <message>
        <source>End the selected active sessions</source>
        <translation>Kết thúc các phiên đang hoạt động đã chọn</translation>
    </message>
    <message>
        <source>Sign out all matching…</source>
        <translation>Đăng xuất tất cả phiên khớp…</translation>
    </message>
    <message>
        <source>End every active session the filter matches, across all customers</source>
        <translation>Kết thúc mọi phiên đang hoạt động khớp với bộ lọc, trên tất cả khách hàng</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Dừng</translation>
    </message>
    <message>
        <source>Stop signing out before the next session</source>
        <translation>Dừng đăng xuất trước phiên tiếp theo</translation>
    </message>
    <message>
        <source>Sessions could not be loaded: %1</source>
        <translation>Không tải được danh sách phiên: %1</translation>
    </message>
    <message>
        <source>Signing out… %1 of %2</source>
        <translation>Đang đăng xuất… %1/%2</translation>
    </message>
    <message>
        <source>Stopping after the current session…</source>
        <translation>Sẽ dừng sau phiên hiện tại…</translation>
    </message>
    <message>
        <source>“%1” is not an IP address or a subnet such as 185.220.101.0/24.</source>
        <translation>“%1” không phải là địa chỉ IP hoặc mạng con, ví dụ 185.220.101.0/24.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Đang tải…</translation>
    </message>
    <message>
        <source>more than %1</source>
        <translation>hơn %1</translation>
    </message>
    <message>
        <source>Active sessions matching: %1</source>
        <translation>Số phiên đang hoạt động khớp bộ lọc: %1</translation>
    </message>
    <message>
        <source>Sign out the selected session?</source>
        <translation>Đăng xuất phiên đã chọn?</translation>
    </message>
    <message numerus="yes">
        <source>Sign out the %n selected sessions of %1?</source>
        <translation>
            <numerusform>Đăng xuất %n phiên đã chọn của %1?</numerusform>
        </translation>
    </message>
    <message>
        <source>one customer</source>
        <translation>một khách hàng</translation>
    </message>
    <message numerus="yes">
        <source>%n customers</source>
        <translation>
            <numerusform>%n khách hàng</numerusform>
        </translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Đăng xuất</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Đang đếm…</translation>
    </message>
    <message>
        <source>Sessions could not be counted: %1</source>
        <translation>Không đếm được số phiên: %1</translation>
    </message>
    <message>
        <source>No active session matches the filter any more.</source>
        <translation>Không còn phiên đang hoạt động nào khớp với bộ lọc.</translation>
    </message>
    <message>
        <source>from %1</source>
        <translation>từ %1</translation>
    </message>
    <message>
        <source>in %1</source>
        <translation>tại %1</translation>
    </message>
    <message>
        <source>on %1</source>
        <translation>trên %1</translation>
    </message>
    <message>
        <source>of every customer</source>
        <translation>của mọi khách hàng</translation>
    </message>
    <message>
        <source>Sign out 1 active session %1?</source>
        <translation>Đăng xuất 1 phiên đang hoạt động %1?</translation>
    </message>
    <message numerus="yes">
        <source>Sign out %n active sessions %1?</source>
        <translation>
            <numerusform>Đăng xuất %n phiên đang hoạt động %1?</numerusform>
        </translation>
    </message>
    <message>
        <source>More match; run it again for the rest.</source>
        <translation>Vẫn còn phiên khớp; hãy chạy lại để xử lý phần còn lại.</translation>
    </message>
    <message>
        <source>Sign out all</source>
        <translation>Đăng xuất tất cả</translation>
    </message>
    <message>
        <source>Customer e-mail</source>
        <translation>E-mail khách hàng</translation>
    </message>
    <message>
        <source>Signing out everything a filter matches is for security officers and admins</source>
        <translation>Chỉ chuyên viên bảo mật và quản trị viên mới được đăng xuất mọi phiên khớp với bộ lọc</translation>
    </message>
    <message>
        <source>of %1</source>
        <translation>của %1</translation>
    </message>
</context>
<context>
    <name>idc::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Cài đặt</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Mặc định của hệ thống</translation>
    </message>
    <message>
        <source>The language applies the next time Identity Console starts.</source>
        <translation>Ngôn ngữ mới được áp dụng từ lần khởi động Identity Console tiếp theo.</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Ngôn ngữ:</translation>
    </message>
    <message>
        <source>Login risk flags</source>
        <translation>Cờ rủi ro đăng nhập</translation>
    </message>
    <message>
        <source> km/h</source>
        <translation> km/h</translation>
    </message>
    <message>
        <source>Two successful sign-ins further apart than this speed allows are impossible travel</source>
        <translation>Hai lần đăng nhập thành công cách nhau xa hơn mức tốc độ này cho phép được coi là di chuyển bất khả thi</translation>
    </message>
    <message>
        <source>Impossible travel above:</source>
        <translation>Di chuyển bất khả thi khi vượt quá:</translation>
    </message>
    <message>
        <source> failures</source>
        <translation> lần thất bại</translation>
    </message>
    <message>
        <source>Failure burst from:</source>
        <translation>Thất bại dồn dập từ:</translation>
    </message>
    <message>
        <source> minutes</source>
        <translation> phút</translation>
    </message>
    <message>
        <source>…from one IP address within this many minutes</source>
        <translation>…từ một địa chỉ IP trong vòng số phút này</translation>
    </message>
    <message>
        <source>Within:</source>
        <translation>Trong vòng:</translation>
    </message>
    <message>
        <source>Authenticator apps</source>
        <translation>Ứng dụng xác thực</translation>
    </message>
    <message>
        <source>The name customers see beside the account in their authenticator app: your shop&apos;s</source>
        <translation>Tên khách hàng thấy bên cạnh tài khoản trong ứng dụng xác thực: tên cửa hàng của bạn</translation>
    </message>
    <message>
        <source>Issuer shown to customers:</source>
        <translation>Nhà phát hành hiển thị cho khách hàng:</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Identity Console. Commands: generate-demo, search, profiles (each with --help).</source>
        <translation>Identity Console. Các lệnh: generate-demo, search, profiles (lệnh nào cũng có --help).</translation>
    </message>
    <message>
        <source>Open this profile instead of the last one.</source>
        <translation>Mở hồ sơ kết nối này thay cho hồ sơ dùng lần trước.</translation>
    </message>
    <message>
        <source>Customers in a newly generated demo database (default 20000).</source>
        <translation>Số khách hàng trong cơ sở dữ liệu mẫu mới tạo (mặc định 20000).</translation>
    </message>
</context>
</TS>
