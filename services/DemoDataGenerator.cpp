#include "DemoDataGenerator.h"

#include "AuditChain.h"
#include "SchemaMigrator.h"
#include "SqlConnectionPool.h"

#include <QCryptographicHash>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPromise>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <span>
#include <vector>

namespace idc {
namespace {

constexpr qint64 second = 1000;
constexpr qint64 minute = 60 * second;
constexpr qint64 hour = 60 * minute;
constexpr qint64 day = 24 * hour;
constexpr qint64 loginWindow = DemoDataGenerator::loginHistoryDays * day;
constexpr qint64 sessionLifetime = DemoDataGenerator::sessionLifetimeDays * day;
constexpr qint64 sessionRetention = 45 * day; // older sessions have been purged by the backend
constexpr qint64 auditTrailAge = 180 * day;   // the console's audit trail starts here
constexpr qint64 lockDuration = DemoDataGenerator::lockoutHours * hour;
constexpr qint64 customerHistory = 3 * 365 * day;
// Regular logins never move faster than this between cities; planted impossible travel is far above
// 900 km/h, so a detector finds exactly the planted pairs.
constexpr double plausibleKmh = 700.0;

// ---------------------------------------------------------------------------------------------
// Randomness. Every customer has its own streams keyed by (seed, customer number, purpose), so
// each stage regenerates exactly the same customer without keeping it in memory. SplitMix64 is
// fully specified (unlike std:: distributions, whose output differs between standard libraries)
// and cheap to seed, which matters when a million customers are re-seeded once per stage.

constexpr quint64 mix64(quint64 z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

enum class Stream : quint64
{
    Core = 1,
    Profile,
    Addresses,
    Devices,
    Timeline,
    Sessions,
    EventIds,
    Plan,
    Noise,
    Audit
};

class Rng
{
public:
    Rng(quint64 seed, quint64 index, Stream stream)
        : m_state(mix64(seed ^ 0x6A09E667F3BCC908ULL) ^
                  mix64((index + 1) * 0x9E3779B97F4A7C15ULL + quint64(stream) * 0xD1B54A32D192ED03ULL))
    {
    }

    quint64 next() { return mix64(m_state += 0x9E3779B97F4A7C15ULL); }

    /// Uniform in [0, n); n > 0. Rejects the few values that would bias the modulo.
    quint64 below(quint64 n)
    {
        const quint64 threshold = (0 - n) % n;
        for (;;) {
            const quint64 x = next();
            if (x >= threshold)
                return x % n;
        }
    }
    int between(int lo, int hi) { return lo + int(below(quint64(hi - lo) + 1)); }
    /// Uniform in [lo, hi), or lo when the range is empty.
    qint64 span(qint64 lo, qint64 hi) { return hi > lo ? lo + qint64(below(quint64(hi - lo))) : lo; }
    double unit() { return double(next() >> 11) * 0x1.0p-53; }
    bool chance(double p) { return unit() < p; }
    double normal()
    {
        const double u1 = 1.0 - unit();
        const double u2 = unit();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
    }
    template <typename T>
    const T& pick(const std::vector<T>& items)
    {
        return items[below(items.size())];
    }
    const QString& pick(const QStringList& items) { return items[qsizetype(below(quint64(items.size())))]; }
    int weighted(const std::vector<int>& weights)
    {
        int total = 0;
        for (int w : weights)
            total += w;
        int x = int(below(quint64(total)));
        for (size_t i = 0; i < weights.size(); ++i) {
            if (x < weights[i])
                return int(i);
            x -= weights[i];
        }
        return int(weights.size()) - 1;
    }

private:
    quint64 m_state;
};

/// A version-4 UUID from the stream (RFC 4122 version and variant bits set).
QUuid randomUuid(Rng& r)
{
    const quint64 hi = r.next();
    const quint64 lo = r.next();
    return QUuid(uint(hi >> 32), ushort(hi >> 16), ushort((hi & 0x0FFF) | 0x4000), uchar(((lo >> 56) & 0x3F) | 0x80),
                 uchar(lo >> 48), uchar(lo >> 40), uchar(lo >> 32), uchar(lo >> 24), uchar(lo >> 16), uchar(lo >> 8),
                 uchar(lo));
}

QString hex64(quint64 value)
{
    return QStringLiteral("%1").arg(value, 16, 16, QChar(u'0'));
}

QString idText(const QUuid& id)
{
    return id.toString(QUuid::WithoutBraces);
}

QVariant nullText()
{
    return QVariant(QMetaType(QMetaType::QString));
}

QVariant textOrNull(const QString& text)
{
    return text.isEmpty() ? nullText() : QVariant(text);
}

QVariant idOrNull(const QUuid& id)
{
    return id.isNull() ? nullText() : QVariant(idText(id));
}

QVariant timestampAt(qint64 msecs)
{
    return SqlDialect::timestamp(QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC));
}

QVariant timestampOrNull(qint64 msecs)
{
    return msecs == 0 ? nullText() : timestampAt(msecs);
}

QString timestampText(qint64 msecs)
{
    return timestampAt(msecs).toString();
}

double haversineKm(double lat1, double lon1, double lat2, double lon2)
{
    constexpr double radians = std::numbers::pi / 180.0;
    const double dLat = (lat2 - lat1) * radians;
    const double dLon = (lon2 - lon1) * radians;
    const double a = std::sin(dLat / 2) * std::sin(dLat / 2) +
                     std::cos(lat1 * radians) * std::cos(lat2 * radians) * std::sin(dLon / 2) * std::sin(dLon / 2);
    return 2.0 * 6371.0 * std::asin(std::min(1.0, std::sqrt(a)));
}

double roundTo6(double value)
{
    return std::round(value * 1e6) / 1e6;
}

// ---------------------------------------------------------------------------------------------
// Reference data: countries, cities with real coordinates, names, streets and devices.

enum class NameOrder
{
    GivenFamily,
    FamilyMiddleGiven
};
enum class Script
{
    Latin,
    Cyrillic,
    Greek
};
enum class StreetStyle
{
    NumberStreet,
    StreetNumber,
    StreetCommaNumber,
    NumberCommaStreet,
    Japanese,
    RussianHouse
};

using Words = std::span<const char* const>;

struct CountrySpec
{
    const char* code;
    int weight;
    const char* dialCode;
    Words phonePatterns; ///< '#' digit, '$' digit 2-9, '~' the city's area code
    Words maleGiven;
    Words femaleGiven;
    Words family;
    Words familyFemale; ///< empty: derived from `family`
    Words middleMale;
    Words middleFemale;
    NameOrder order;
    Script script;
    bool ukrainian;
    StreetStyle style;
    Words streets;
    Words secondLines; ///< '#' digit, '@' letter
    Words instructions;
};

struct CitySpec
{
    const char* country;
    const char* name;    ///< as the customer writes it in an address
    const char* geoName; ///< as IP geolocation reports it
    const char* region;
    const char* postal; ///< '#' digit, '@' letter
    double latitude;
    double longitude;
    int utcOffsetMinutes;
    int ipA;
    int ipA2;
    int ipB;
    const char* phoneArea;
    int weight;
};

// clang-format off
constexpr const char* vnMale[] = {"An", "Bảo", "Dũng", "Hùng", "Khang", "Long", "Minh", "Nam", "Phúc", "Quang", "Sơn",
                                   "Thắng", "Tuấn", "Việt", "Hải", "Đạt", "Khoa", "Trung"};
constexpr const char* vnFemale[] = {"Anh", "Châu", "Hà", "Hằng", "Hương", "Lan", "Linh", "Mai", "Ngân", "Nhung",
                                     "Phương", "Thảo", "Trang", "Vy", "Yến", "Hạnh", "Ánh", "Diệp"};
constexpr const char* vnFamily[] = {"Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan",
                                     "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"};
constexpr const char* vnMiddleMale[] = {"Văn", "Đức", "Minh", "Quốc", "Hữu", "Thành", "Gia"};
constexpr const char* vnMiddleFemale[] = {"Thị", "Ngọc", "Thu", "Thanh", "Mai", "Bảo", "Khánh"};
constexpr const char* vnStreets[] = {"Phố Huế", "Đường Lê Lợi", "Đường Nguyễn Huệ", "Phố Hàng Bông",
                                      "Đường Trần Hưng Đạo", "Đường Điện Biên Phủ", "Ngõ 12 Láng Hạ"};
constexpr const char* vnSecond[] = {"Phường Bến Nghé", "Phường Hàng Bài", "Phường Cửa Nam", "Phường Thảo Điền",
                                     "Phường Hải Châu I", "Tầng #, Tòa nhà @"};
constexpr const char* vnInstructions[] = {"Gọi điện trước khi giao hàng", "Để hàng ở bảo vệ tòa nhà",
                                           "Giao giờ hành chính"};
constexpr const char* vnPhones[] = {"9########", "3########", "8########", "7########"};

constexpr const char* usMale[] = {"James", "Michael", "Robert", "David", "William", "Christopher", "Daniel",
                                   "Matthew", "Anthony", "Joshua", "Ethan", "Tyler"};
constexpr const char* usFemale[] = {"Mary", "Jennifer", "Linda", "Patricia", "Elizabeth", "Jessica", "Sarah",
                                     "Emily", "Ashley", "Madison", "Chloe", "Grace"};
constexpr const char* usFamily[] = {"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
                                     "Rodriguez", "Martinez", "Wilson", "Anderson", "Taylor", "Thomas", "Moore",
                                     "Jackson", "O'Connor", "Lee"};
constexpr const char* usStreets[] = {"Maple Avenue", "Oak Street", "Sunset Boulevard", "Park Place", "Lakeview Drive",
                                      "Washington Street", "Elm Court"};
constexpr const char* usSecond[] = {"Apt ##", "Apt #@", "Suite ###", "Unit #"};
constexpr const char* usInstructions[] = {"Leave at the back door", "Ring the bell twice", "Leave on the porch",
                                           "Beware of the dog"};
constexpr const char* usPhones[] = {"~$######"};

constexpr const char* gbMale[] = {"Oliver", "George", "Harry", "Jack", "Charlie", "Thomas", "Alfie", "Arthur"};
constexpr const char* gbFemale[] = {"Amelia", "Olivia", "Isla", "Emily", "Poppy", "Ava", "Sophie", "Freya"};
constexpr const char* gbFamily[] = {"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
                                     "Evans", "Thomas", "Roberts", "Walker", "Wright", "Hughes"};
constexpr const char* gbStreets[] = {"High Street", "Station Road", "Church Lane", "Victoria Road", "Queen's Road",
                                      "Mill Lane"};
constexpr const char* gbSecond[] = {"Flat #", "Flat #@"};
constexpr const char* gbInstructions[] = {"Leave with a neighbour", "Put it in the shed", "Leave at the back door"};
constexpr const char* gbPhones[] = {"7#########"};

constexpr const char* deMale[] = {"Lukas", "Leon", "Jonas", "Felix", "Maximilian", "Paul", "Jürgen", "Jörg", "Finn"};
constexpr const char* deFemale[] = {"Sophie", "Marie", "Hannah", "Lena", "Anna", "Lea", "Katharina", "Jana", "Käthe"};
constexpr const char* deFamily[] = {"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
                                     "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Groß", "Weiß"};
constexpr const char* deStreets[] = {"Hauptstraße", "Bahnhofstraße", "Gartenstraße", "Schillerstraße", "Goethestraße",
                                      "Lindenallee"};
constexpr const char* deSecond[] = {"Hinterhaus, #. OG", "c/o Hausverwaltung"};
constexpr const char* deInstructions[] = {"Bitte beim Nachbarn abgeben", "Paket in die Garage legen",
                                           "Bitte zweimal klingeln"};
constexpr const char* dePhones[] = {"15#########", "17#########", "16########"};

constexpr const char* frMale[] = {"Lucas", "Hugo", "Louis", "Gabriel", "Arthur", "Théo", "Jérôme", "François"};
constexpr const char* frFemale[] = {"Chloé", "Léa", "Manon", "Camille", "Inès", "Zoé", "Hélène", "Océane"};
constexpr const char* frFamily[] = {"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
                                     "Leroy", "Moreau", "Lefèvre", "Girard", "Fournier", "Mercier"};
constexpr const char* frStreets[] = {"rue de la République", "avenue Victor Hugo", "boulevard Saint-Michel",
                                      "rue des Lilas", "place de l'Église", "rue Pasteur"};
constexpr const char* frSecond[] = {"Bâtiment @, #e étage", "Appartement ##"};
constexpr const char* frInstructions[] = {"Laisser chez le gardien", "Code de la porte : ####",
                                           "Sonner à l'interphone"};
constexpr const char* frPhones[] = {"6########", "7########"};

constexpr const char* esMale[] = {"Hugo", "Martín", "Lucas", "Mateo", "Alejandro", "Pablo", "Álvaro", "José"};
constexpr const char* esFemale[] = {"Lucía", "Sofía", "María", "Paula", "Martina", "Carmen", "Inés", "Nuria"};
constexpr const char* esFamily[] = {"García", "Rodríguez", "González", "Fernández", "López", "Martínez", "Sánchez",
                                     "Pérez", "Gómez", "Martín", "Jiménez", "Ruiz", "Muñoz", "Ibáñez"};
constexpr const char* esStreets[] = {"Calle Mayor", "Avenida de la Constitución", "Calle de Alcalá", "Paseo de Gracia",
                                      "Calle Real", "Plaza de España"};
constexpr const char* esSecond[] = {"#º @", "Escalera @, #º"};
constexpr const char* esInstructions[] = {"Dejar en conserjería", "Llamar antes de subir"};
constexpr const char* esPhones[] = {"6########", "7########"};

constexpr const char* brMale[] = {"João", "Miguel", "Arthur", "Gabriel", "Heitor", "Lucas", "Matheus", "Rafael"};
constexpr const char* brFemale[] = {"Ana", "Maria", "Júlia", "Beatriz", "Larissa", "Camila", "Letícia", "Luíza"};
constexpr const char* brFamily[] = {"Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves",
                                     "Pereira", "Lima", "Gomes", "Araújo", "Conceição", "Ribeiro"};
constexpr const char* brStreets[] = {"Rua das Flores", "Avenida Paulista", "Rua Augusta", "Rua da Consolação",
                                      "Avenida Atlântica", "Rua São João"};
constexpr const char* brSecond[] = {"Apto ##", "Bloco @, Apto ###"};
constexpr const char* brInstructions[] = {"Deixar na portaria", "Entregar ao porteiro"};
constexpr const char* brPhones[] = {"~9########"};

constexpr const char* plMale[] = {"Jakub", "Antoni", "Jan", "Szymon", "Łukasz", "Paweł", "Michał", "Wojciech"};
constexpr const char* plFemale[] = {"Zuzanna", "Julia", "Zofia", "Małgorzata", "Agnieszka", "Katarzyna", "Hanna"};
constexpr const char* plFamily[] = {"Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński",
                                     "Lewandowski", "Zieliński", "Szymański", "Woźniak", "Dąbrowski"};
constexpr const char* plStreets[] = {"ul. Marszałkowska", "ul. Długa", "ul. Piotrkowska", "al. Jerozolimskie",
                                      "ul. Floriańska", "ul. Świętojańska"};
constexpr const char* plSecond[] = {"m. ##", "lok. #"};
constexpr const char* plInstructions[] = {"Zostawić u sąsiada", "Proszę dzwonić domofonem"};
constexpr const char* plPhones[] = {"5########", "6########", "7########", "8########"};

constexpr const char* jpMale[] = {"Haruto", "Sōta", "Yuto", "Ren", "Hiroshi", "Takumi", "Kenji", "Daiki"};
constexpr const char* jpFemale[] = {"Yui", "Hina", "Aoi", "Sakura", "Yuna", "Mio", "Akiko", "Yōko"};
constexpr const char* jpFamily[] = {"Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto",
                                     "Nakamura", "Kobayashi", "Katō", "Yoshida", "Yamada", "Saitō", "Ōno"};
constexpr const char* jpStreets[] = {"Jingumae", "Shibuya", "Umeda", "Sakae", "Tenjin", "Minatomirai", "Ōdōri Nishi"};
constexpr const char* jpSecond[] = {"Sunshine Mansion ###", "Park Heights #0#", "Green Court ##"};
constexpr const char* jpInstructions[] = {"Please use the delivery box", "Deliver in the evening"};
constexpr const char* jpPhones[] = {"90########", "80########", "70########"};

constexpr const char* inMale[] = {"Aarav", "Vivaan", "Aditya", "Arjun", "Rohan", "Rahul", "Vikram", "Karthik"};
constexpr const char* inFemale[] = {"Ananya", "Diya", "Priya", "Aanya", "Isha", "Kavya", "Sneha", "Lakshmi"};
constexpr const char* inFamily[] = {"Sharma", "Verma", "Gupta", "Singh", "Kumar", "Patel", "Reddy", "Iyer", "Nair",
                                     "Das", "Mehta", "Joshi", "Rao"};
constexpr const char* inStreets[] = {"MG Road", "Linking Road", "Park Street", "Anna Salai", "Brigade Road",
                                      "Banjara Hills Road No. 12"};
constexpr const char* inSecond[] = {"Flat ###, Lotus Apartments", "Flat #0#, Green Valley Society"};
constexpr const char* inInstructions[] = {"Hand over to the security guard", "Call before delivery"};
constexpr const char* inPhones[] = {"9#########", "8#########", "7#########", "6#########"};

constexpr const char* ruMale[] = {"Александр", "Дмитрий", "Сергей", "Иван", "Михаил", "Алексей", "Никита"};
constexpr const char* ruFemale[] = {"Анна", "Мария", "Елена", "Ольга", "Наталья", "Татьяна", "Екатерина"};
constexpr const char* ruFamily[] = {"Иванов", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Козлов",
                                     "Новиков", "Морозов", "Волков"};
constexpr const char* ruStreets[] = {"ул. Тверская", "Невский проспект", "ул. Ленина", "ул. Гагарина",
                                      "проспект Мира", "ул. Пушкина"};
constexpr const char* ruSecond[] = {"кв. ##", "кв. ###, подъезд #"};
constexpr const char* ruInstructions[] = {"Оставить у двери", "Позвонить за час до доставки"};
constexpr const char* ruPhones[] = {"9#########"};

constexpr const char* uaMale[] = {"Олександр", "Андрій", "Богдан", "Тарас", "Юрій", "Дмитро", "Максим"};
constexpr const char* uaFemale[] = {"Олена", "Оксана", "Ірина", "Юлія", "Наталія", "Софія", "Анастасія"};
constexpr const char* uaFamily[] = {"Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Кравченко", "Мельник",
                                     "Бойко", "Коваль", "Олійник", "Поліщук"};
constexpr const char* uaStreets[] = {"вул. Хрещатик", "вул. Шевченка", "просп. Свободи", "вул. Дерибасівська",
                                      "вул. Сумська", "вул. Франка"};
constexpr const char* uaSecond[] = {"кв. ##", "під'їзд #, кв. ##"};
constexpr const char* uaInstructions[] = {"Залишити біля дверей", "Зателефонувати перед доставкою"};
constexpr const char* uaPhones[] = {"50#######", "67#######", "63#######", "93#######"};

constexpr const char* grMale[] = {"Γιώργος", "Δημήτρης", "Νίκος", "Κώστας", "Γιάννης", "Παναγιώτης"};
constexpr const char* grFemale[] = {"Μαρία", "Ελένη", "Αικατερίνη", "Σοφία", "Βασιλική", "Δέσποινα"};
constexpr const char* grFamily[] = {"Παπαδόπουλος", "Παπαδάκης", "Γεωργίου", "Οικονόμου", "Νικολάου", "Βασιλείου",
                                     "Καραγιάννης"};
constexpr const char* grFamilyFemale[] = {"Παπαδοπούλου", "Παπαδάκη", "Γεωργίου", "Οικονόμου", "Νικολάου",
                                           "Βασιλείου", "Καραγιάννη"};
constexpr const char* grStreets[] = {"Οδός Ερμού", "Λεωφόρος Βασιλίσσης Σοφίας", "Οδός Αιόλου", "Οδός Τσιμισκή",
                                      "Οδός Πανεπιστημίου"};
constexpr const char* grInstructions[] = {"Αφήστε το στην πόρτα", "Τηλεφωνήστε πριν την παράδοση"};
constexpr const char* grPhones[] = {"69########"};

constexpr CountrySpec countrySpecs[] = {
    {"VN", 18, "+84", vnPhones, vnMale, vnFemale, vnFamily, {}, vnMiddleMale, vnMiddleFemale,
     NameOrder::FamilyMiddleGiven, Script::Latin, false, StreetStyle::NumberStreet, vnStreets, vnSecond, vnInstructions},
    {"US", 16, "+1", usPhones, usMale, usFemale, usFamily, {}, {}, {}, NameOrder::GivenFamily, Script::Latin, false,
     StreetStyle::NumberStreet, usStreets, usSecond, usInstructions},
    {"GB", 8, "+44", gbPhones, gbMale, gbFemale, gbFamily, {}, {}, {}, NameOrder::GivenFamily, Script::Latin, false,
     StreetStyle::NumberStreet, gbStreets, gbSecond, gbInstructions},
    {"DE", 9, "+49", dePhones, deMale, deFemale, deFamily, {}, {}, {}, NameOrder::GivenFamily, Script::Latin, false,
     StreetStyle::StreetNumber, deStreets, deSecond, deInstructions},
    {"FR", 8, "+33", frPhones, frMale, frFemale, frFamily, {}, {}, {}, NameOrder::GivenFamily, Script::Latin, false,
     StreetStyle::NumberStreet, frStreets, frSecond, frInstructions},
    {"ES", 6, "+34", esPhones, esMale, esFemale, esFamily, {}, {}, {}, NameOrder::GivenFamily, Script::Latin, false,
     StreetStyle::StreetCommaNumber, esStreets, esSecond, esInstructions},
    {"BR", 7, "+55", brPhones, brMale, brFemale, brFamily, {}, {}, {}, NameOrder::GivenFamily, Script::Latin, false,
     StreetStyle::StreetCommaNumber, brStreets, brSecond, brInstructions},
    {"PL", 5, "+48", plPhones, plMale, plFemale, plFamily, {}, {}, {}, NameOrder::GivenFamily, Script::Latin, false,
     StreetStyle::StreetNumber, plStreets, plSecond, plInstructions},
    {"JP", 5, "+81", jpPhones, jpMale, jpFemale, jpFamily, {}, {}, {}, NameOrder::GivenFamily, Script::Latin, false,
     StreetStyle::Japanese, jpStreets, jpSecond, jpInstructions},
    {"IN", 8, "+91", inPhones, inMale, inFemale, inFamily, {}, {}, {}, NameOrder::GivenFamily, Script::Latin, false,
     StreetStyle::NumberCommaStreet, inStreets, inSecond, inInstructions},
    {"RU", 3, "+7", ruPhones, ruMale, ruFemale, ruFamily, {}, {}, {}, NameOrder::GivenFamily, Script::Cyrillic, false,
     StreetStyle::RussianHouse, ruStreets, ruSecond, ruInstructions},
    {"UA", 3, "+380", uaPhones, uaMale, uaFemale, uaFamily, {}, {}, {}, NameOrder::GivenFamily, Script::Cyrillic, true,
     StreetStyle::StreetCommaNumber, uaStreets, uaSecond, uaInstructions},
    {"GR", 3, "+30", grPhones, grMale, grFemale, grFamily, grFamilyFemale, {}, {}, NameOrder::GivenFamily,
     Script::Greek, false, StreetStyle::StreetNumber, grStreets, {}, grInstructions},
};

// Customer cities first (their countries are in countrySpecs), then hosting locations that only
// attackers log in from. Each city owns an IPv4 /16 (ipA.ipB, or ipA2.ipB) that nothing else uses.
constexpr CitySpec citySpecs[] = {
    {"VN", "Hà Nội", "Hanoi", "Hà Nội", "1####", 21.0285, 105.8542, 420, 14, 113, 160, nullptr, 6},
    {"VN", "Hồ Chí Minh", "Ho Chi Minh City", "TP. Hồ Chí Minh", "7####", 10.7769, 106.7009, 420, 14, 113, 161, nullptr, 7},
    {"VN", "Đà Nẵng", "Da Nang", "Đà Nẵng", "50###", 16.0544, 108.2022, 420, 14, 113, 162, nullptr, 2},
    {"VN", "Hải Phòng", "Haiphong", "Hải Phòng", "04###", 20.8449, 106.6881, 420, 14, 113, 163, nullptr, 2},
    {"VN", "Cần Thơ", "Can Tho", "Cần Thơ", "94###", 10.0452, 105.7469, 420, 14, 113, 164, nullptr, 1},
    {"VN", "Huế", "Hue", "Thừa Thiên Huế", "49###", 16.4637, 107.5909, 420, 14, 113, 165, nullptr, 1},
    {"US", "New York", "New York", "NY", "100##", 40.7128, -74.0060, -300, 73, 98, 10, "212", 5},
    {"US", "Los Angeles", "Los Angeles", "CA", "900##", 34.0522, -118.2437, -480, 73, 98, 11, "213", 4},
    {"US", "Chicago", "Chicago", "IL", "606##", 41.8781, -87.6298, -360, 73, 98, 12, "312", 3},
    {"US", "Houston", "Houston", "TX", "770##", 29.7604, -95.3698, -360, 73, 98, 13, "713", 2},
    {"US", "Seattle", "Seattle", "WA", "981##", 47.6062, -122.3321, -480, 73, 98, 14, "206", 2},
    {"US", "Miami", "Miami", "FL", "331##", 25.7617, -80.1918, -300, 73, 98, 15, "305", 2},
    {"GB", "London", "London", "England", "SW# #@@", 51.5074, -0.1278, 0, 81, 86, 128, nullptr, 6},
    {"GB", "Manchester", "Manchester", "England", "M# #@@", 53.4808, -2.2426, 0, 81, 86, 129, nullptr, 2},
    {"GB", "Birmingham", "Birmingham", "England", "B# #@@", 52.4862, -1.8904, 0, 81, 86, 130, nullptr, 2},
    {"GB", "Edinburgh", "Edinburgh", "Scotland", "EH# #@@", 55.9533, -3.1883, 0, 81, 86, 131, nullptr, 1},
    {"GB", "Cardiff", "Cardiff", "Wales", "CF1# #@@", 51.4816, -3.1791, 0, 81, 86, 132, nullptr, 1},
    {"GB", "Belfast", "Belfast", "Northern Ireland", "BT# #@@", 54.5973, -5.9301, 0, 81, 86, 133, nullptr, 1},
    {"DE", "Berlin", "Berlin", "Berlin", "10###", 52.5200, 13.4050, 60, 79, 93, 192, nullptr, 4},
    {"DE", "München", "Munich", "Bayern", "80###", 48.1351, 11.5820, 60, 79, 93, 193, nullptr, 3},
    {"DE", "Hamburg", "Hamburg", "Hamburg", "20###", 53.5511, 9.9937, 60, 79, 93, 194, nullptr, 3},
    {"DE", "Köln", "Cologne", "Nordrhein-Westfalen", "50###", 50.9375, 6.9603, 60, 79, 93, 195, nullptr, 2},
    {"DE", "Frankfurt am Main", "Frankfurt am Main", "Hessen", "60###", 50.1109, 8.6821, 60, 79, 93, 196, nullptr, 2},
    {"DE", "Stuttgart", "Stuttgart", "Baden-Württemberg", "70###", 48.7758, 9.1829, 60, 79, 93, 197, nullptr, 2},
    {"FR", "Paris", "Paris", "Île-de-France", "750##", 48.8566, 2.3522, 60, 90, 82, 64, nullptr, 6},
    {"FR", "Lyon", "Lyon", "Auvergne-Rhône-Alpes", "6900#", 45.7640, 4.8357, 60, 90, 82, 65, nullptr, 2},
    {"FR", "Marseille", "Marseille", "Provence-Alpes-Côte d'Azur", "130##", 43.2965, 5.3698, 60, 90, 82, 66, nullptr, 2},
    {"FR", "Toulouse", "Toulouse", "Occitanie", "310##", 43.6047, 1.4442, 60, 90, 82, 67, nullptr, 1},
    {"FR", "Lille", "Lille", "Hauts-de-France", "590##", 50.6292, 3.0573, 60, 90, 82, 68, nullptr, 1},
    {"FR", "Nantes", "Nantes", "Pays de la Loire", "440##", 47.2184, -1.5536, 60, 90, 82, 69, nullptr, 1},
    {"ES", "Madrid", "Madrid", "Comunidad de Madrid", "280##", 40.4168, -3.7038, 60, 83, 88, 32, nullptr, 5},
    {"ES", "Barcelona", "Barcelona", "Cataluña", "080##", 41.3874, 2.1686, 60, 83, 88, 33, nullptr, 4},
    {"ES", "Valencia", "Valencia", "Comunidad Valenciana", "460##", 39.4699, -0.3763, 60, 83, 88, 34, nullptr, 2},
    {"ES", "Sevilla", "Seville", "Andalucía", "410##", 37.3891, -5.9845, 60, 83, 88, 35, nullptr, 2},
    {"ES", "Bilbao", "Bilbao", "País Vasco", "480##", 43.2630, -2.9350, 60, 83, 88, 36, nullptr, 1},
    {"ES", "Málaga", "Malaga", "Andalucía", "290##", 36.7213, -4.4214, 60, 83, 88, 37, nullptr, 1},
    {"BR", "São Paulo", "Sao Paulo", "SP", "01###-###", -23.5505, -46.6333, -180, 177, 189, 10, "11", 6},
    {"BR", "Rio de Janeiro", "Rio de Janeiro", "RJ", "2####-###", -22.9068, -43.1729, -180, 177, 189, 11, "21", 4},
    {"BR", "Belo Horizonte", "Belo Horizonte", "MG", "30###-###", -19.9167, -43.9345, -180, 177, 189, 12, "31", 2},
    {"BR", "Brasília", "Brasilia", "DF", "70###-###", -15.7939, -47.8828, -180, 177, 189, 13, "61", 2},
    {"BR", "Salvador", "Salvador", "BA", "40###-###", -12.9777, -38.5016, -180, 177, 189, 14, "71", 1},
    {"BR", "Porto Alegre", "Porto Alegre", "RS", "90###-###", -30.0346, -51.2177, -180, 177, 189, 15, "51", 1},
    {"BR", "Manaus", "Manaus", "AM", "69###-###", -3.1190, -60.0217, -240, 177, 189, 16, "92", 1},
    {"PL", "Warszawa", "Warsaw", "mazowieckie", "0#-###", 52.2297, 21.0122, 60, 37, 31, 46, nullptr, 5},
    {"PL", "Kraków", "Krakow", "małopolskie", "3#-###", 50.0647, 19.9450, 60, 37, 31, 47, nullptr, 3},
    {"PL", "Wrocław", "Wroclaw", "dolnośląskie", "5#-###", 51.1079, 17.0385, 60, 37, 31, 48, nullptr, 2},
    {"PL", "Gdańsk", "Gdansk", "pomorskie", "80-###", 54.3520, 18.6466, 60, 37, 31, 49, nullptr, 2},
    {"PL", "Poznań", "Poznan", "wielkopolskie", "6#-###", 52.4064, 16.9252, 60, 37, 31, 50, nullptr, 1},
    {"PL", "Łódź", "Lodz", "łódzkie", "9#-###", 51.7592, 19.4560, 60, 37, 31, 51, nullptr, 1},
    {"JP", "Tokyo", "Tokyo", "Tokyo", "1##-####", 35.6762, 139.6503, 540, 126, 153, 200, nullptr, 6},
    {"JP", "Osaka", "Osaka", "Osaka", "53#-####", 34.6937, 135.5023, 540, 126, 153, 201, nullptr, 3},
    {"JP", "Yokohama", "Yokohama", "Kanagawa", "22#-####", 35.4437, 139.6380, 540, 126, 153, 202, nullptr, 2},
    {"JP", "Nagoya", "Nagoya", "Aichi", "45#-####", 35.1815, 136.9066, 540, 126, 153, 203, nullptr, 2},
    {"JP", "Sapporo", "Sapporo", "Hokkaido", "06#-####", 43.0618, 141.3545, 540, 126, 153, 204, nullptr, 1},
    {"JP", "Fukuoka", "Fukuoka", "Fukuoka", "81#-####", 33.5904, 130.4017, 540, 126, 153, 205, nullptr, 1},
    {"IN", "Mumbai", "Mumbai", "Maharashtra", "4000##", 19.0760, 72.8777, 330, 49, 117, 36, nullptr, 5},
    {"IN", "Delhi", "Delhi", "Delhi", "1100##", 28.7041, 77.1025, 330, 49, 117, 37, nullptr, 5},
    {"IN", "Bengaluru", "Bengaluru", "Karnataka", "5600##", 12.9716, 77.5946, 330, 49, 117, 38, nullptr, 4},
    {"IN", "Chennai", "Chennai", "Tamil Nadu", "6000##", 13.0827, 80.2707, 330, 49, 117, 39, nullptr, 2},
    {"IN", "Hyderabad", "Hyderabad", "Telangana", "5000##", 17.3850, 78.4867, 330, 49, 117, 40, nullptr, 2},
    {"IN", "Kolkata", "Kolkata", "West Bengal", "7000##", 22.5726, 88.3639, 330, 49, 117, 41, nullptr, 2},
    {"RU", "Москва", "Moscow", "Москва", "1#####", 55.7558, 37.6173, 180, 95, 178, 24, nullptr, 5},
    {"RU", "Санкт-Петербург", "Saint Petersburg", "Санкт-Петербург", "19####", 59.9343, 30.3351, 180, 95, 178, 25, nullptr, 3},
    {"RU", "Новосибирск", "Novosibirsk", "Новосибирская область", "630###", 55.0084, 82.9357, 420, 95, 178, 26, nullptr, 1},
    {"RU", "Екатеринбург", "Yekaterinburg", "Свердловская область", "620###", 56.8389, 60.6057, 300, 95, 178, 27, nullptr, 1},
    {"RU", "Казань", "Kazan", "Татарстан", "420###", 55.7961, 49.1064, 180, 95, 178, 28, nullptr, 1},
    {"RU", "Владивосток", "Vladivostok", "Приморский край", "690###", 43.1155, 131.8855, 600, 95, 178, 29, nullptr, 1},
    {"UA", "Київ", "Kyiv", "Київ", "0####", 50.4501, 30.5234, 120, 46, 176, 96, nullptr, 5},
    {"UA", "Харків", "Kharkiv", "Харківська область", "61###", 49.9935, 36.2304, 120, 46, 176, 97, nullptr, 2},
    {"UA", "Одеса", "Odesa", "Одеська область", "65###", 46.4825, 30.7233, 120, 46, 176, 98, nullptr, 2},
    {"UA", "Львів", "Lviv", "Львівська область", "79###", 49.8397, 24.0297, 120, 46, 176, 99, nullptr, 2},
    {"UA", "Дніпро", "Dnipro", "Дніпропетровська область", "49###", 48.4647, 35.0462, 120, 46, 176, 100, nullptr, 1},
    {"GR", "Αθήνα", "Athens", "Αττική", "10# ##", 37.9838, 23.7275, 120, 94, 2, 64, nullptr, 5},
    {"GR", "Θεσσαλονίκη", "Thessaloniki", "Κεντρική Μακεδονία", "54# ##", 40.6401, 22.9444, 120, 94, 2, 65, nullptr, 3},
    {"GR", "Πάτρα", "Patras", "Δυτική Ελλάδα", "26# ##", 38.2466, 21.7346, 120, 94, 2, 66, nullptr, 1},
    {"GR", "Ηράκλειο", "Heraklion", "Κρήτη", "71# ##", 35.3387, 25.1442, 120, 94, 2, 67, nullptr, 1},
    {"GR", "Λάρισα", "Larissa", "Θεσσαλία", "41# ##", 39.6390, 22.4191, 120, 94, 2, 68, nullptr, 1},
    // Hosting and proxy locations attacks come from.
    {"NL", "Amsterdam", "Amsterdam", "North Holland", "", 52.3676, 4.9041, 60, 45, 45, 155, nullptr, 1},
    {"RU", "Moscow", "Moscow", "Moscow", "", 55.7558, 37.6173, 180, 5, 5, 188, nullptr, 1},
    {"NG", "Lagos", "Lagos", "Lagos", "", 6.5244, 3.3792, 60, 102, 102, 89, nullptr, 1},
    {"RO", "Bucharest", "Bucharest", "Bucharest", "", 44.4268, 26.1025, 120, 193, 193, 226, nullptr, 1},
    {"SG", "Singapore", "Singapore", "Singapore", "", 1.3521, 103.8198, 480, 103, 103, 152, nullptr, 1},
    {"CN", "Shenzhen", "Shenzhen", "Guangdong", "", 22.5431, 114.0579, 480, 116, 116, 31, nullptr, 1},
    {"US", "Ashburn", "Ashburn", "Virginia", "", 39.0438, -77.4874, -300, 3, 3, 80, nullptr, 1},
    {"VN", "Hanoi", "Hanoi", "Hanoi", "", 21.0285, 105.8542, 420, 103, 103, 97, nullptr, 1},
};
// clang-format on

struct DeviceSpec
{
    const char* type;
    const char* model;
    const char* os;
    const char* browser;
    const char* userAgent;
    const char* client;
    const char* appVersion;
    int weight;
};

constexpr DeviceSpec deviceSpecs[] = {
    {"mobile", "iPhone 15", "iOS 17.5", "Mobile Safari 17.5",
     "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 "
     "Mobile/15E148 Safari/604.1",
     "web", "web-5.14.0", 10},
    {"mobile", "iPhone 13", "iOS 16.7", "Shop app 4.2.1", "ShopApp/4.2.1 (iPhone; iOS 16.7; Scale/3.00)", "ios",
     "4.2.1", 12},
    {"mobile", "Pixel 8", "Android 14", "Chrome Mobile 124",
     "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile "
     "Safari/537.36",
     "web", "web-5.14.0", 6},
    {"mobile", "Galaxy S23", "Android 14", "Samsung Internet 24",
     "Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 "
     "Chrome/117.0.0.0 Mobile Safari/537.36",
     "web", "web-5.14.0", 8},
    {"mobile", "Redmi Note 12", "Android 13", "Shop app 4.1.0", "ShopApp/4.1.0 (Android 13; 23021RAA2G)", "android",
     "4.1.0", 9},
    {"desktop", "Windows PC", "Windows 11", "Chrome 124",
     "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
     "web", "web-5.14.0", 11},
    {"desktop", "Windows PC", "Windows 10", "Edge 124",
     "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 "
     "Edg/124.0.0.0",
     "web", "web-5.14.0", 6},
    {"desktop", "MacBook Pro", "macOS 14.4", "Safari 17.4",
     "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 "
     "Safari/605.1.15",
     "web", "web-5.14.0", 7},
    {"desktop", "MacBook Air", "macOS 14.4", "Chrome 124",
     "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 "
     "Safari/537.36",
     "web", "web-5.14.0", 5},
    {"desktop", "Linux desktop", "Ubuntu 22.04", "Firefox 125",
     "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0", "web", "web-5.14.0", 3},
    {"tablet", "iPad Air", "iPadOS 17.4", "Mobile Safari 17.4",
     "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 "
     "Mobile/15E148 Safari/604.1",
     "web", "web-5.14.0", 7},
    {"tablet", "Galaxy Tab S9", "Android 14", "Chrome 124",
     "Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
     "web", "web-5.14.0", 5},
};

// What attack tools and unknown clients identify as.
constexpr const char* attackerAgentWords[] = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/108.0.0.0 Safari/537.36",
    "python-requests/2.31.0",
    "curl/8.4.0",
    "Go-http-client/1.1",
};

constexpr const char* commonInstructionWords[] = {
    "Leave at the back door",          "Ring the bell twice",        "Call on arrival",   "Leave with the concierge",
    "Please do not leave in the rain", "Leave in the parcel locker", "Deliver after 6 pm"};
constexpr const char* customerDomainWords[] = {"example.com", "example.com", "example.com", "mail.test", "mail.test",
                                               "example.org", "example.net", "post.test",   "shop.test"};
constexpr const char* businessDomainWords[] = {"corp.example", "company.test", "trading.example"};
// Unknown-user attempts use domains no customer has, so they can never name a real account.
constexpr const char* unknownDomainWords[] = {"inbox.test", "webmail.test", "nobody.example"};

struct Operator
{
    const char* name;
    const char* role;
};
constexpr Operator supportAgents[] = {{"anna.berg", "support_agent"},
                                      {"minh.tran", "support_agent"},
                                      {"lucas.moreau", "support_agent"},
                                      {"olivia.smith", "support_agent"}};
constexpr Operator securityOfficers[] = {{"priya.nair", "security_officer"}, {"jonas.weber", "security_officer"}};
constexpr Operator admins[] = {{"marta.kowalska", "admin"}};

const QString credentialStuffingIpText = QStringLiteral("185.220.101.47");
constexpr quint32 credentialStuffingIp = (185u << 24) | (220u << 16) | (101u << 8) | 47u;

QStringList toStrings(Words words)
{
    QStringList list;
    list.reserve(qsizetype(words.size()));
    for (const char* word : words)
        list.append(QString::fromUtf8(word).normalized(QString::NormalizationForm_C));
    return list;
}

struct City
{
    int country = -1; ///< index into Catalog::countries; -1 for a hosting location
    QString countryCode;
    QString name;
    QString geoName;
    QString region;
    QString postal;
    QString phoneArea;
    double latitude = 0;
    double longitude = 0;
    int utcOffsetMinutes = 0;
    quint32 ipA = 0;
    quint32 ipA2 = 0;
    quint32 ipB = 0;
};

struct Country
{
    QString code;
    QString dialCode;
    QStringList phonePatterns;
    QStringList maleGiven;
    QStringList femaleGiven;
    QStringList family;
    QStringList familyFemale;
    QStringList middleMale;
    QStringList middleFemale;
    NameOrder order = NameOrder::GivenFamily;
    Script script = Script::Latin;
    bool ukrainian = false;
    StreetStyle style = StreetStyle::NumberStreet;
    QStringList streets;
    QStringList secondLines;
    QStringList instructions;
    std::vector<int> cities;
    std::vector<int> cityWeights;
};

struct DeviceProfile
{
    QString type;
    QString model;
    QString os;
    QString browser;
    QString userAgent;
    QString client;
    QString appVersion;
};

/// The reference data as Qt strings, built once and shared read-only by every thread.
struct Catalog
{
    std::vector<City> cities;
    std::vector<Country> countries;
    std::vector<int> countryWeights;
    std::vector<int> customerCities; ///< every city a customer can live in
    std::vector<int> hostingCities;
    int berlin = -1;
    std::vector<DeviceProfile> devices;
    std::vector<int> deviceWeights;
    QStringList attackerAgents;
    QStringList commonInstructions;
    QStringList customerDomains;
    QStringList businessDomains;
    QStringList unknownDomains;

    static const Catalog& instance()
    {
        static const Catalog catalog;
        return catalog;
    }

private:
    Catalog()
    {
        for (const CountrySpec& spec : countrySpecs) {
            Country c;
            c.code = QString::fromLatin1(spec.code);
            c.dialCode = QString::fromLatin1(spec.dialCode);
            c.phonePatterns = toStrings(spec.phonePatterns);
            c.maleGiven = toStrings(spec.maleGiven);
            c.femaleGiven = toStrings(spec.femaleGiven);
            c.family = toStrings(spec.family);
            c.familyFemale = toStrings(spec.familyFemale);
            c.middleMale = toStrings(spec.middleMale);
            c.middleFemale = toStrings(spec.middleFemale);
            c.order = spec.order;
            c.script = spec.script;
            c.ukrainian = spec.ukrainian;
            c.style = spec.style;
            c.streets = toStrings(spec.streets);
            c.secondLines = toStrings(spec.secondLines);
            c.instructions = toStrings(spec.instructions);
            countries.push_back(std::move(c));
            countryWeights.push_back(spec.weight);
        }
        for (const CitySpec& spec : citySpecs) {
            City city;
            city.countryCode = QString::fromLatin1(spec.country);
            city.name = QString::fromUtf8(spec.name).normalized(QString::NormalizationForm_C);
            city.geoName = QString::fromUtf8(spec.geoName);
            city.region = QString::fromUtf8(spec.region).normalized(QString::NormalizationForm_C);
            city.postal = QString::fromUtf8(spec.postal);
            city.phoneArea = spec.phoneArea ? QString::fromLatin1(spec.phoneArea) : QString();
            city.latitude = spec.latitude;
            city.longitude = spec.longitude;
            city.utcOffsetMinutes = spec.utcOffsetMinutes;
            city.ipA = quint32(spec.ipA);
            city.ipA2 = quint32(spec.ipA2);
            city.ipB = quint32(spec.ipB);
            const int index = int(cities.size());
            // Hosting locations have no postal pattern: nobody lives there.
            if (city.postal.isEmpty()) {
                hostingCities.push_back(index);
            } else {
                for (size_t c = 0; c < countries.size(); ++c) {
                    if (countries[c].code == city.countryCode) {
                        city.country = int(c);
                        countries[c].cities.push_back(index);
                        countries[c].cityWeights.push_back(spec.weight);
                    }
                }
                customerCities.push_back(index);
                if (city.geoName == u"Berlin")
                    berlin = index;
            }
            cities.push_back(std::move(city));
        }
        for (const DeviceSpec& spec : deviceSpecs) {
            devices.push_back({QString::fromLatin1(spec.type), QString::fromLatin1(spec.model),
                               QString::fromLatin1(spec.os), QString::fromLatin1(spec.browser),
                               QString::fromLatin1(spec.userAgent), QString::fromLatin1(spec.client),
                               QString::fromLatin1(spec.appVersion)});
            deviceWeights.push_back(spec.weight);
        }
        attackerAgents = toStrings(attackerAgentWords);
        commonInstructions = toStrings(commonInstructionWords);
        customerDomains = toStrings(customerDomainWords);
        businessDomains = toStrings(businessDomainWords);
        unknownDomains = toStrings(unknownDomainWords);
    }
};

// ---------------------------------------------------------------------------------------------
// Text helpers.

/// '#' a digit, '$' a digit from 2 to 9, '@' a capital letter, '~' the city's area code.
QString fillPattern(Rng& r, const QString& pattern, const QString& area = {})
{
    static const QString letters = QStringLiteral("ABDEFGHJLNPQRSTUWXYZ");
    QString out;
    out.reserve(pattern.size() + area.size());
    for (QChar c : pattern) {
        if (c == u'#')
            out += QChar(u'0' + int(r.below(10)));
        else if (c == u'$')
            out += QChar(u'2' + int(r.below(8)));
        else if (c == u'@')
            out += letters.at(qsizetype(r.below(quint64(letters.size()))));
        else if (c == u'~')
            out += area;
        else
            out += c;
    }
    return out;
}

const char* transliterated(char16_t c, char16_t previous, bool ukrainian)
{
    static constexpr const char* cyrillic[] = {"a",  "b",  "v",  "g",    "d", "e", "zh", "z", "i",  "i", "k",
                                               "l",  "m",  "n",  "o",    "p", "r", "s",  "t", "u",  "f", "kh",
                                               "ts", "ch", "sh", "shch", "",  "y", "",   "e", "yu", "ya"};
    static constexpr const char* greek[] = {"a", "v", "g", "d", "e", "z", "i", "th", "i", "k",  "l",  "m", "n",
                                            "x", "o", "p", "r", "s", "s", "t", "y",  "f", "ch", "ps", "o"};
    if (c >= 0x430 && c <= 0x44F) {
        if (ukrainian && c == u'г')
            return "h";
        if (ukrainian && c == u'и')
            return "y";
        return cyrillic[c - 0x430];
    }
    if (c >= 0x3B1 && c <= 0x3C9) {
        if (c == u'υ' && previous == u'ο')
            return "u";
        return greek[c - 0x3B1];
    }
    switch (c) {
    case u'є':
        return "ye";
    case u'і':
        return "i";
    case u'ґ':
        return "g";
    case u'đ':
        return "d";
    case u'ł':
        return "l";
    case u'ß':
        return "ss";
    case u'ø':
        return "o";
    case u'æ':
        return "ae";
    case u'œ':
        return "oe";
    case u'ı':
        return "i";
    default:
        return nullptr;
    }
}

/// Lower-case ASCII letters and digits that stand for `text` (diacritics dropped, Cyrillic and
/// Greek transliterated), for e-mail addresses.
QString asciiFold(const QString& text, bool ukrainian)
{
    const QString decomposed = text.toLower().normalized(QString::NormalizationForm_D);
    QString out;
    out.reserve(decomposed.size() + 4);
    char16_t previous = 0;
    for (QChar c : decomposed) {
        if (c.category() == QChar::Mark_NonSpacing)
            continue;
        const char16_t u = c.unicode();
        if (u < 0x80) {
            if ((u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9'))
                out += c;
        } else if (const char* mapped = transliterated(u, previous, ukrainian)) {
            out += QLatin1String(mapped);
        }
        previous = u;
    }
    return out;
}

QString capitalized(QString word)
{
    if (!word.isEmpty())
        word[0] = word.at(0).toUpper();
    return word;
}

QString femaleSurname(const Country& country, const QString& family, qsizetype index)
{
    if (!country.familyFemale.isEmpty())
        return country.familyFemale.at(index);
    if (country.code == u"PL" && family.endsWith(QStringLiteral("ki")))
        return family.chopped(1) + u'a';
    if (country.code == u"RU") {
        if (family.endsWith(QStringLiteral("ский")))
            return family.chopped(2) + QStringLiteral("ая");
        for (const QString& ending : {QStringLiteral("ов"), QStringLiteral("ев"), QStringLiteral("ин")}) {
            if (family.endsWith(ending))
                return family + QStringLiteral("а");
        }
    }
    if (country.code == u"UA" && family.endsWith(QStringLiteral("ський")))
        return family.chopped(2) + QStringLiteral("а");
    return family;
}

struct IpAddress
{
    quint32 v4 = 0;
    quint16 v6[3] = {0, 0, 0};
    bool isV6 = false;

    bool operator==(const IpAddress& other) const
    {
        return isV6 == other.isV6 && v4 == other.v4 && v6[0] == other.v6[0] && v6[1] == other.v6[1] &&
               v6[2] == other.v6[2];
    }
};

QString ipText(const IpAddress& ip)
{
    if (ip.isV6) {
        // The documentation prefix: realistic shape, no real network.
        return QStringLiteral("2001:db8:%1:%2::%3")
            .arg(QString::number(ip.v6[0], 16), QString::number(ip.v6[1], 16), QString::number(ip.v6[2], 16));
    }
    return QStringLiteral("%1.%2.%3.%4")
        .arg(ip.v4 >> 24)
        .arg((ip.v4 >> 16) & 0xFF)
        .arg((ip.v4 >> 8) & 0xFF)
        .arg(ip.v4 & 0xFF);
}

IpAddress cityIpV4(Rng& r, const City& city)
{
    IpAddress ip;
    const quint32 a = r.chance(0.5) ? city.ipA : city.ipA2;
    ip.v4 = (a << 24) | (city.ipB << 16) | (quint32(r.below(256)) << 8) | quint32(1 + r.below(254));
    return ip;
}

IpAddress cityIpV6(Rng& r, int cityIndex)
{
    IpAddress ip;
    ip.isV6 = true;
    ip.v6[0] = quint16(0x100 + cityIndex);
    ip.v6[1] = quint16(r.below(0x10000));
    ip.v6[2] = quint16(1 + r.below(0xFFFF));
    return ip;
}

// ---------------------------------------------------------------------------------------------
// The per-customer model every stage regenerates.

enum class Outcome : quint8
{
    Success,
    BadPassword,
    UnknownUser,
    MfaFailed,
    Locked,
    Suspended,
    RateLimited
};
enum class MfaMethod : quint8
{
    None,
    Totp,
    RecoveryCode
};

QVariant failureReason(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Success:
        return nullText();
    case Outcome::BadPassword:
        return QStringLiteral("bad_password");
    case Outcome::UnknownUser:
        return QStringLiteral("unknown_user");
    case Outcome::MfaFailed:
        return QStringLiteral("mfa_failed");
    case Outcome::Locked:
        return QStringLiteral("locked");
    case Outcome::Suspended:
        return QStringLiteral("suspended");
    case Outcome::RateLimited:
        return QStringLiteral("rate_limited");
    }
    return nullText();
}

QVariant mfaMethodText(MfaMethod method)
{
    switch (method) {
    case MfaMethod::None:
        return nullText();
    case MfaMethod::Totp:
        return QStringLiteral("totp");
    case MfaMethod::RecoveryCode:
        return QStringLiteral("recovery_code");
    }
    return nullText();
}

struct LoginEvent
{
    qint64 at = 0;
    Outcome outcome = Outcome::Success;
    qint16 city = 0;
    qint8 device = -1; ///< index among the customer's devices; -1: a device the backend does not know
    quint8 agent = 0;  ///< attackerAgents index, used when device < 0
    MfaMethod mfa = MfaMethod::None;
    bool planted = false;
    IpAddress ip;
};

/// The cheap, numeric part of a customer: enough to plan attacks and to split the login budget.
struct CustomerCore
{
    int index = 0;
    QUuid id;
    int country = 0;
    int homeCity = 0;
    IpAddress homeIp;
    bool female = false;
    bool business = false;
    CustomerStatus status = CustomerStatus::Active;
    qint64 statusAt = 0; ///< when suspended or deleted
    qint64 createdAt = 0;
    bool mfa = false;
    int deviceCount = 1;
    int addressCount = 1;
    qint64 weight = 0; ///< share of the login budget; 0 = no logins in the window
    double dither = 0;
    int statusAttempts = 0; ///< 'suspended' failures after a suspension inside the window
    qint64 windowStart = 0;
    qint64 windowEnd = 0;
    qint64 lastLoginBeforeWindow = 0; ///< for customers without logins in the window; 0 = never
};

/// The customer's text: names, contact data, spend.
struct CustomerProfile
{
    QString given;
    QString family;
    QString fullName;
    QString email;
    QString phone;
    QString group;
    qint64 spendCents = 0;
    qint64 points = 0;
    bool emailVerified = false;
    bool phoneVerified = false;
    bool marketing = false;
    bool dataProcessing = false;
    qint64 editedAt = 0;
};

struct DeviceSketch
{
    QUuid id;
    int profile = 0;
    QString fingerprint;
    bool trusted = false;
    double trustFraction = 0;
    double historyFraction = 0;
};

enum class Role : quint8
{
    LockedNow,
    LockedBefore,
    ImpossibleTravel,
    NewCountry,
    StuffingVictim,
    StuffingTarget,
    BurstTarget,
    SupportRevoke,
    SupportRevokeAll,
    MfaReset,
};

/// A customer that a planted case involves, with the events planted in its history.
struct PlannedCustomer
{
    Role role = Role::StuffingTarget;
    std::vector<LoginEvent> events;
    qint64 quietFrom = std::numeric_limits<qint64>::max(); ///< regular logins end before this
    qint64 blockedFrom = 0;                                ///< and pause in [blockedFrom, blockedTo)
    qint64 blockedTo = 0;
    qint64 unlockAt = 0;      ///< an operator unlocked the account
    qint64 actionAt = 0;      ///< MFA reset
    bool homeOnly = false;    ///< regular logins stay in the home city, so only the planted pair is implausible
    int dedicatedDevice = -1; ///< a device only the planted login uses
};

/// A planted attempt against an e-mail address nobody has.
struct UnknownAttempt
{
    LoginEvent event;
    QString email;
};

struct AuditDraft
{
    qint64 at = 0;
    const Operator* actor = nullptr;
    QString action;
    QString resourceType;
    QString resourceId;
    QUuid customerId;
    QString reason;
    QJsonValue before = QJsonValue::Null;
    QJsonValue after = QJsonValue::Null;
};

enum class RevokeReason : quint8
{
    None,
    UserLogout,
    AdminAction,
    SecurityAlert,
    SessionLimit,
    PasswordChange,
    DeviceRemoved
};

QVariant revokeReasonText(RevokeReason reason)
{
    switch (reason) {
    case RevokeReason::None:
        return nullText();
    case RevokeReason::UserLogout:
        return QStringLiteral("user_logout");
    case RevokeReason::AdminAction:
        return QStringLiteral("admin_action");
    case RevokeReason::SecurityAlert:
        return QStringLiteral("security_alert");
    case RevokeReason::SessionLimit:
        return QStringLiteral("session_limit");
    case RevokeReason::PasswordChange:
        return QStringLiteral("password_change");
    case RevokeReason::DeviceRemoved:
        return QStringLiteral("device_removed");
    }
    return nullText();
}

struct SessionDraft
{
    int event = 0; ///< the successful login that opened it
    qint64 createdAt = 0;
    qint64 expiresAt = 0;
    qint64 revokedAt = 0;
    RevokeReason reason = RevokeReason::None;
    QString revokedBy;
    QString note;

    bool activeAt(qint64 t) const { return createdAt <= t && expiresAt > t && (revokedAt == 0 || revokedAt > t); }
    void revoke(qint64 t, RevokeReason why, QString by, QString text = {})
    {
        revokedAt = t;
        reason = why;
        revokedBy = std::move(by);
        note = std::move(text);
    }
};

// ---------------------------------------------------------------------------------------------
// Bulk loading: one prepared multi-row INSERT per table, reused for every full batch.

class BulkInserter
{
public:
    BulkInserter(QSqlDatabase& db, QString table, QStringList columns, int rowsPerStatement)
        : m_db(db)
        , m_table(std::move(table))
        , m_columns(std::move(columns))
        , m_rowsPerStatement(std::max(1, rowsPerStatement))
        , m_query(db)
    {
    }

    Status prepare()
    {
        if (!m_query.prepare(sql(m_rowsPerStatement)))
            return error(m_query);
        return Done{};
    }

    void add(const QVariant& value) { m_query.bindValue(m_bound++, value); }

    /// Ends a row; executes the statement once a batch is full.
    Status endRow()
    {
        Q_ASSERT(m_bound == (m_pendingRows + 1) * m_columns.size());
        if (++m_pendingRows < m_rowsPerStatement)
            return Done{};
        if (!m_query.exec())
            return error(m_query);
        m_inserted += m_pendingRows;
        m_pendingRows = 0;
        m_bound = 0;
        return Done{};
    }

    /// Inserts the last, partial batch.
    Status finish()
    {
        if (m_pendingRows == 0)
            return Done{};
        QSqlQuery tail(m_db);
        if (!tail.prepare(sql(m_pendingRows)))
            return error(tail);
        const QVariantList values = m_query.boundValues();
        for (int i = 0; i < m_bound; ++i)
            tail.bindValue(i, values.at(i));
        if (!tail.exec())
            return error(tail);
        m_inserted += m_pendingRows;
        m_pendingRows = 0;
        m_bound = 0;
        return Done{};
    }

    qint64 inserted() const { return m_inserted; }

private:
    QString sql(int rows) const
    {
        const QString row = u'(' + QStringList(m_columns.size(), QStringLiteral("?")).join(u',') + u')';
        QString text = QStringLiteral("INSERT INTO ") + m_table + QStringLiteral(" (") +
                       m_columns.join(QStringLiteral(", ")) + QStringLiteral(") VALUES ");
        text.reserve(text.size() + rows * (row.size() + 1));
        for (int i = 0; i < rows; ++i) {
            if (i > 0)
                text += u',';
            text += row;
        }
        return text;
    }

    Error error(const QSqlQuery& query) const
    {
        Error e = SqlDialect::errorFrom(query.lastError(), false);
        e.detail = m_table + QStringLiteral(": ") + e.detail;
        return e;
    }

    QSqlDatabase& m_db;
    QString m_table;
    QStringList m_columns;
    int m_rowsPerStatement;
    QSqlQuery m_query;
    int m_bound = 0;
    int m_pendingRows = 0;
    qint64 m_inserted = 0;
};

// ---------------------------------------------------------------------------------------------
// One generation run: plans the attacks, then streams every table customer by customer.

enum class Stage
{
    Customers,
    Addresses,
    Devices,
    Sessions,
    LoginEvents,
    AuditEvents,
    Count
};

QString stageName(Stage stage)
{
    switch (stage) {
    case Stage::Customers:
        return QStringLiteral("customers");
    case Stage::Addresses:
        return QStringLiteral("addresses");
    case Stage::Devices:
        return QStringLiteral("devices");
    case Stage::Sessions:
        return QStringLiteral("sessions");
    case Stage::LoginEvents:
        return QStringLiteral("login events");
    case Stage::AuditEvents:
    case Stage::Count:
        break;
    }
    return QStringLiteral("audit events");
}

struct Interval
{
    qint64 from = 0;
    qint64 to = 0;
};

class GeneratorRun
{
public:
    GeneratorRun(const DemoDataOptions& options, QSqlDatabase& db, const SqlDialect& dialect,
                 const DemoDataGenerator::Progress& progress);

    Result<DemoDataSummary> execute();

private:
    // The model.
    CustomerCore core(int index) const;
    CustomerProfile profile(const CustomerCore& c) const;
    void devicesOf(const CustomerCore& c, std::vector<DeviceSketch>& out) const;
    int regularLogins(const CustomerCore& c) const;
    void timelineOf(const CustomerCore& c, std::vector<LoginEvent>& out);
    const PlannedCustomer* planned(int index) const;
    QString unknownEmail(Rng& r) const;
    qint64 diurnalTime(Rng& r, const Interval* intervals, int count, qint64 total, int utcOffsetMinutes) const;
    bool plausible(int fromCity, int toCity, qint64 elapsed) const;

    // Planning.
    Status checkEmpty();
    Status deferIndexes();
    Status restoreIndexes();
    void planAttacks();
    void planBudget();

    // Stages.
    Status insertCustomers();
    Status insertAddresses();
    Status insertDevices();
    Status insertSessions();
    Status insertLoginEvents();
    Status insertAuditEvents();
    void addLoginRow(BulkInserter& rows, const QUuid& id, const QUuid& customerId, const QString& email,
                     const LoginEvent& event, const QUuid& deviceId, const QString& userAgent) const;

    BulkInserter table(const QString& name, const QStringList& columns) const;
    bool report(Stage stage, qint64 done, qint64 total);
    Status cancelled() const
    {
        return makeError(ErrorKind::Cancelled, QStringLiteral("demo data generation cancelled"));
    }
    bool shouldReport(int i) const { return (i & 255) == 0; }

    const Catalog& m_catalog;
    DemoDataOptions m_options;
    QSqlDatabase& m_db;
    SqlDialect m_dialect;
    const DemoDataGenerator::Progress& m_progress;
    qint64 m_ref = 0;
    int m_customers = 0;
    qint64 m_loginEvents = 0;
    quint64 m_emailModulus = 1000;
    qint64 m_totalWeight = 0;
    qint64 m_statusAttempts = 0;
    double m_ratio = 0; ///< regular logins per unit of activity weight
    qint64 m_noiseEvents = 0;
    QHash<int, PlannedCustomer> m_plan;
    std::vector<UnknownAttempt> m_unknownAttempts;
    std::vector<AuditDraft> m_audit;
    std::vector<std::pair<QString, QString>> m_setAside; ///< indexes set aside: how to drop, how to restore
    DemoDataSummary m_summary;
    double m_stageWeights[int(Stage::Count)] = {};
    int m_lastPercent = -1;

    struct Group
    {
        qint64 at = 0;
        int kind = 0; // 0: one success, 1: a failure and its successful retry, 2: a failure given up on
    };
    std::vector<Group> m_groups;
    std::vector<LoginEvent> m_timeline;
};

GeneratorRun::GeneratorRun(const DemoDataOptions& options, QSqlDatabase& db, const SqlDialect& dialect,
                           const DemoDataGenerator::Progress& progress)
    : m_catalog(Catalog::instance())
    , m_options(options)
    , m_db(db)
    , m_dialect(dialect)
    , m_progress(progress)
{
    m_ref = DemoDataGenerator::effectiveReferenceTime(options).toMSecsSinceEpoch();
    m_customers = options.customers;
    m_loginEvents = options.loginEvents < 0 ? qint64(options.customers) * 10 : options.loginEvents;
    // E-mail numbers are a permutation of the customer numbers, so addresses are unique by construction.
    while (m_emailModulus < quint64(std::max(1, m_customers)) * 2)
        m_emailModulus *= 10;
    // Relative cost of each stage per customer, for a progress bar that moves evenly.
    const double n = std::max(1, m_customers);
    m_stageWeights[int(Stage::Customers)] = 2.5 * n;
    m_stageWeights[int(Stage::Addresses)] = 1.5 * n;
    m_stageWeights[int(Stage::Devices)] = 1.5 * n;
    m_stageWeights[int(Stage::Sessions)] = 2.5 * n;
    m_stageWeights[int(Stage::LoginEvents)] = 0.6 * double(m_loginEvents) + 0.5 * n;
    // The last stage also rebuilds the indexes set aside and commits: about a sixth of the work.
    double others = 0;
    for (double weight : m_stageWeights)
        others += weight;
    m_stageWeights[int(Stage::AuditEvents)] = others / 5;
}

bool GeneratorRun::report(Stage stage, qint64 done, qint64 total)
{
    if (!m_progress)
        return true;
    double before = 0;
    double all = 0;
    for (int s = 0; s < int(Stage::Count); ++s) {
        if (s < int(stage))
            before += m_stageWeights[s];
        all += m_stageWeights[s];
    }
    const double fraction = total > 0 ? double(std::min(done, total)) / double(total) : 0.0;
    // 100 is kept for "committed".
    const int percent = std::min(99, int((before + fraction * m_stageWeights[int(stage)]) * 100.0 / all));
    m_lastPercent = std::max(m_lastPercent, percent);
    return m_progress(m_lastPercent, stageName(stage));
}

BulkInserter GeneratorRun::table(const QString& name, const QStringList& columns) const
{
    // PostgreSQL: as many rows per statement as stay well under its 65535-parameter limit, since
    // every round trip costs. SQLite: one row per statement, prepared once and re-bound per row; a
    // multi-row INSERT would make it keep a statement journal, which costs more than it saves.
    const int rows = m_dialect.isPostgres() ? std::min(500, 30000 / int(columns.size())) : 1;
    return BulkInserter(m_db, name, columns, rows);
}

const PlannedCustomer* GeneratorRun::planned(int index) const
{
    const auto it = m_plan.constFind(index);
    return it == m_plan.cend() ? nullptr : &it.value();
}

CustomerCore GeneratorRun::core(int index) const
{
    static const std::vector<int> deviceCounts{35, 35, 20, 10};
    static const std::vector<int> addressCounts{55, 33, 12};
    static const std::vector<int> activityWeights{30, 25, 18, 12, 8, 5, 2};
    static constexpr int activityLevels[] = {1, 2, 3, 5, 8, 13, 21};

    Rng r(m_options.seed, quint64(index), Stream::Core);
    CustomerCore c;
    c.index = index;
    c.id = randomUuid(r);
    c.country = r.weighted(m_catalog.countryWeights);
    const Country& country = m_catalog.countries[size_t(c.country)];
    c.homeCity = country.cities[size_t(r.weighted(country.cityWeights))];
    c.female = r.chance(0.5);
    c.business = r.chance(0.07);
    // More customers joined recently than three years ago: the density grows linearly with time.
    c.createdAt = m_ref - customerHistory + qint64(std::sqrt(r.unit()) * double(customerHistory - 2 * hour));
    c.createdAt -= c.createdAt % second;
    const double statusRoll = r.unit();
    const double statusTimeRoll = r.unit();
    c.mfa = r.chance(c.business ? 0.4 : 0.23);
    c.deviceCount = 1 + r.weighted(deviceCounts);
    c.addressCount = 1 + r.weighted(addressCounts);
    const bool ipv6 = r.chance(0.18);
    c.homeIp = ipv6 ? cityIpV6(r, c.homeCity) : cityIpV4(r, m_catalog.cities[size_t(c.homeCity)]);
    const bool dormant = r.chance(0.18);
    const int level = activityLevels[r.weighted(activityWeights)];
    c.dither = r.unit();
    const bool neverLoggedIn = r.chance(0.12);
    const double lastLoginRoll = r.unit();
    const bool secondAttempt = r.chance(0.5);

    if (statusRoll < 0.018) {
        const qint64 from = c.createdAt + day;
        const qint64 to = m_ref - hour;
        if (to > from) {
            c.status = statusRoll < 0.012 ? CustomerStatus::Suspended : CustomerStatus::Deleted;
            c.statusAt = from + qint64(statusTimeRoll * double(to - from));
            c.statusAt -= c.statusAt % second;
        }
    }
    c.windowStart = std::max(c.createdAt, m_ref - loginWindow);
    c.windowEnd = m_ref - minute;
    if (c.status != CustomerStatus::Active)
        c.windowEnd = std::min(c.windowEnd, c.statusAt);
    const qint64 length = c.windowEnd - c.windowStart;
    c.weight = dormant || length < day ? 0 : qint64(level) * 1000 * length / loginWindow;

    const qint64 lastBefore = std::min(c.windowStart, c.status != CustomerStatus::Active ? c.statusAt : c.windowStart);
    if (!neverLoggedIn && lastBefore > c.createdAt + hour)
        c.lastLoginBeforeWindow = c.createdAt + hour + qint64(lastLoginRoll * double(lastBefore - c.createdAt - hour));
    if (c.status == CustomerStatus::Suspended && c.statusAt > m_ref - loginWindow && c.statusAt < m_ref - 2 * hour)
        c.statusAttempts = secondAttempt ? 2 : 1;
    return c;
}

int GeneratorRun::regularLogins(const CustomerCore& c) const
{
    if (c.weight == 0)
        return 0;
    // Dithered rounding keeps the total close to the budget without a running sum, so any
    // stage can compute any customer's share on its own.
    return int(std::floor(double(c.weight) * m_ratio + c.dither));
}

CustomerProfile GeneratorRun::profile(const CustomerCore& c) const
{
    static const std::vector<int> businessGroups{50, 30, 20};
    Rng r(m_options.seed, quint64(c.index), Stream::Profile);
    const Country& country = m_catalog.countries[size_t(c.country)];
    const City& city = m_catalog.cities[size_t(c.homeCity)];
    CustomerProfile p;

    p.given = r.pick(c.female ? country.femaleGiven : country.maleGiven);
    const qsizetype familyIndex = qsizetype(r.below(quint64(country.family.size())));
    p.family =
        c.female ? femaleSurname(country, country.family.at(familyIndex), familyIndex) : country.family.at(familyIndex);
    QString middle;
    if (country.order == NameOrder::FamilyMiddleGiven)
        middle = r.pick(c.female ? country.middleFemale : country.middleMale);
    // Many Russian, Ukrainian and Greek customers register with the Latin spelling of their name.
    if (country.script != Script::Latin && r.chance(0.3)) {
        p.given = capitalized(asciiFold(p.given, country.ukrainian));
        p.family = capitalized(asciiFold(p.family, country.ukrainian));
    }
    if (country.order == NameOrder::FamilyMiddleGiven)
        p.fullName = p.family + u' ' + middle + u' ' + p.given;
    else
        p.fullName = p.given + u' ' + p.family;

    QString given = asciiFold(p.given, country.ukrainian);
    QString family = asciiFold(p.family, country.ukrainian);
    if (given.isEmpty())
        given = QStringLiteral("user");
    if (family.isEmpty())
        family = QStringLiteral("customer");
    QString local;
    switch (r.below(5)) {
    case 0:
        local = given + u'.' + family;
        break;
    case 1:
        local = given + family;
        break;
    case 2:
        local = given + u'_' + family;
        break;
    case 3:
        local = family + u'.' + given;
        break;
    default:
        local = given.left(1) + u'.' + family;
        break;
    }
    // The trailing number is a permutation of the customer number: two customers never share it,
    // and a name part never ends in a digit, so e-mails are unique without a lookup.
    const quint64 number = (quint64(c.index) * 2654435761ULL + m_options.seed % m_emailModulus) % m_emailModulus;
    const QString& domain = c.business ? r.pick(m_catalog.businessDomains) : r.pick(m_catalog.customerDomains);
    p.email = local + QString::number(number) + u'@' + domain;

    const bool hasPhone = r.chance(0.92);
    const QString& pattern = r.pick(country.phonePatterns);
    const QString phone = country.dialCode + fillPattern(r, pattern, city.phoneArea);
    if (hasPhone)
        p.phone = phone;

    const bool neverBought = r.chance(0.03);
    const double spend =
        c.business ? std::exp(std::log(150000.0) + 1.2 * r.normal()) : std::exp(std::log(12000.0) + 1.4 * r.normal());
    p.spendCents = neverBought ? 0 : std::min<qint64>(50000000, qint64(spend));
    p.points = qint64(double(p.spendCents / 100) * (1.0 - 0.6 * r.unit()));
    const double groupRoll = r.unit();
    if (c.business) {
        static const QString groups[] = {QStringLiteral("b2b"), QStringLiteral("wholesale"),
                                         QStringLiteral("reseller")};
        p.group = groups[r.weighted(businessGroups)];
    } else if (DemoDataGenerator::tierForSpend(p.spendCents) == LoyaltyTier::Platinum && groupRoll < 0.7) {
        p.group = QStringLiteral("vip");
    } else if (groupRoll < 0.01) {
        p.group = QStringLiteral("employee");
    } else if (groupRoll < 0.07) {
        p.group = QStringLiteral("student");
    } else {
        p.group = QStringLiteral("retail");
    }
    p.emailVerified = r.chance(0.9);
    p.phoneVerified = hasPhone && r.chance(0.7);
    p.marketing = r.chance(0.42);
    p.dataProcessing = r.chance(0.98);
    if (c.status == CustomerStatus::Deleted) {
        // Erasure withdraws every consent.
        p.marketing = false;
        p.dataProcessing = false;
    }
    const bool edited = r.chance(0.35);
    const double editRoll = r.unit();
    if (edited)
        p.editedAt = c.createdAt + qint64(editRoll * double(m_ref - hour - c.createdAt));
    return p;
}

void GeneratorRun::devicesOf(const CustomerCore& c, std::vector<DeviceSketch>& out) const
{
    Rng r(m_options.seed, quint64(c.index), Stream::Devices);
    out.clear();
    for (int d = 0; d < c.deviceCount; ++d) {
        DeviceSketch device;
        device.id = randomUuid(r);
        device.profile = r.weighted(m_catalog.deviceWeights);
        const quint64 high = r.next();
        device.fingerprint = hex64(high) + hex64(r.next());
        device.trusted = r.chance(0.35);
        device.trustFraction = r.unit();
        device.historyFraction = r.unit();
        out.push_back(device);
    }
}

QString GeneratorRun::unknownEmail(Rng& r) const
{
    const Country& country = m_catalog.countries[size_t(r.weighted(m_catalog.countryWeights))];
    const QString given = asciiFold(r.pick(r.chance(0.5) ? country.femaleGiven : country.maleGiven), country.ukrainian);
    const QString family = asciiFold(r.pick(country.family), country.ukrainian);
    const quint64 number = r.below(10000);
    const QString& domain = r.pick(m_catalog.unknownDomains);
    const QString local = r.chance(0.5) ? QString(given + u'.' + family) : QString(family + given);
    return local + QString::number(number) + u'@' + domain;
}

qint64 GeneratorRun::diurnalTime(Rng& r, const Interval* intervals, int count, qint64 total, int utcOffsetMinutes) const
{
    // People log in in the evening more than at 4 am, in their own time zone.
    static constexpr double byLocalHour[24] = {1.0, 0.6, 0.4, 0.3, 0.3, 0.4, 0.8, 1.5, 2.2, 2.6, 2.6, 2.5,
                                               2.8, 2.7, 2.4, 2.3, 2.4, 2.7, 3.2, 3.8, 4.0, 3.6, 2.6, 1.6};
    qint64 at = intervals[0].from;
    for (int attempt = 0; attempt < 12; ++attempt) {
        qint64 x = r.span(0, total);
        for (int i = 0; i < count; ++i) {
            const qint64 length = intervals[i].to - intervals[i].from;
            if (x < length || i == count - 1) {
                at = intervals[i].from + std::min(x, std::max<qint64>(0, length - 1));
                break;
            }
            x -= length;
        }
        const qint64 local = at + qint64(utcOffsetMinutes) * minute;
        const int localHour = int(((local / hour) % 24 + 24) % 24);
        if (r.unit() * 4.0 < byLocalHour[localHour])
            break;
    }
    return at;
}

bool GeneratorRun::plausible(int fromCity, int toCity, qint64 elapsed) const
{
    if (fromCity == toCity)
        return true;
    const City& a = m_catalog.cities[size_t(fromCity)];
    const City& b = m_catalog.cities[size_t(toCity)];
    const double km = haversineKm(a.latitude, a.longitude, b.latitude, b.longitude);
    return km <= plausibleKmh * double(std::max<qint64>(elapsed, 0)) / double(hour);
}

void GeneratorRun::timelineOf(const CustomerCore& c, std::vector<LoginEvent>& out)
{
    out.clear();
    const PlannedCustomer* plan = planned(c.index);
    const int logins = regularLogins(c);
    Rng r(m_options.seed, quint64(c.index), Stream::Timeline);
    const City& home = m_catalog.cities[size_t(c.homeCity)];
    const Country& country = m_catalog.countries[size_t(c.country)];

    // Where regular logins may fall: the window, minus what a planted case reserves.
    const qint64 start = c.windowStart;
    const qint64 end = plan ? std::min(c.windowEnd, plan->quietFrom) : c.windowEnd;
    Interval intervals[2];
    int count = 0;
    if (plan && plan->blockedTo > plan->blockedFrom) {
        if (std::min(end, plan->blockedFrom) > start)
            intervals[count++] = {start, std::min(end, plan->blockedFrom)};
        if (end > std::max(start, plan->blockedTo))
            intervals[count++] = {std::max(start, plan->blockedTo), end};
    } else if (end > start) {
        intervals[count++] = {start, end};
    }
    qint64 total = 0;
    for (int i = 0; i < count; ++i)
        total += intervals[i].to - intervals[i].from;

    const bool homeOnly = plan && plan->homeOnly;
    const bool noFailures = plan && (plan->role == Role::LockedNow || plan->role == Role::LockedBefore);
    const int usableDevices = plan && plan->dedicatedDevice >= 0 ? c.deviceCount - 1 : c.deviceCount;

    // A domestic trip: a few days in another city of the home country.
    const double tripRoll = r.unit();
    const qint64 tripLength = r.span(2 * day, 10 * day);
    const double tripStartRoll = r.unit();
    int tripCity = -1;
    qint64 tripFrom = 0;
    qint64 tripTo = 0;
    IpAddress tripIp;
    if (!homeOnly && country.cities.size() > 1 && total > 0 && tripRoll < 0.25) {
        do {
            tripCity = r.pick(country.cities);
        } while (tripCity == c.homeCity);
        tripFrom = start + qint64(tripStartRoll * double(std::max<qint64>(0, end - start - tripLength)));
        tripTo = tripFrom + tripLength;
        tripIp = cityIpV4(r, m_catalog.cities[size_t(tripCity)]);
    }

    if (logins > 0 && total > 0) {
        m_groups.clear();
        int remaining = logins;
        while (remaining > 0) {
            Group g;
            const double roll = r.unit();
            if (!noFailures && remaining >= 2 && roll < 0.06)
                g.kind = 1;
            else if (!noFailures && roll >= 0.06 && roll < 0.072)
                g.kind = 2;
            g.at = diurnalTime(r, intervals, count, total, home.utcOffsetMinutes);
            remaining -= g.kind == 1 ? 2 : 1;
            m_groups.push_back(g);
        }
        std::stable_sort(m_groups.begin(), m_groups.end(), [](const Group& a, const Group& b) { return a.at < b.at; });

        int previousCity = -1;
        qint64 previousAt = 0;
        IpAddress previousIp;
        for (const Group& g : m_groups) {
            int city = c.homeCity;
            IpAddress ip = c.homeIp;
            const double placeRoll = r.unit();
            if (tripCity >= 0 && g.at >= tripFrom && g.at < tripTo) {
                city = tripCity;
                ip = tripIp;
            } else if (placeRoll < 0.1) {
                // On the mobile network rather than the home line.
                ip = c.homeIp.isV6 ? cityIpV6(r, c.homeCity) : cityIpV4(r, home);
            }
            if (previousCity >= 0 && !plausible(previousCity, city, g.at - previousAt)) {
                city = previousCity;
                ip = previousIp;
            }
            const int device = usableDevices > 1 && r.chance(0.4) ? 1 + int(r.below(quint64(usableDevices - 1))) : 0;
            const bool mfa = c.mfa && !(plan && plan->role == Role::MfaReset && g.at >= plan->actionAt);
            const MfaMethod method = !mfa             ? MfaMethod::None
                                     : r.chance(0.05) ? MfaMethod::RecoveryCode
                                                      : MfaMethod::Totp;

            LoginEvent e;
            e.at = g.at;
            e.city = qint16(city);
            e.device = qint8(device);
            e.ip = ip;
            if (g.kind == 0) {
                e.mfa = method;
                out.push_back(e);
            } else if (g.kind == 1) {
                const bool mfaFailure = mfa && r.chance(0.3);
                LoginEvent success = e;
                success.mfa = method;
                success.at = g.at + r.span(20 * second, 4 * minute);
                if (success.at >= m_ref) {
                    success.at = m_ref - second;
                    e.at = success.at - 30 * second;
                }
                e.outcome = mfaFailure ? Outcome::MfaFailed : Outcome::BadPassword;
                e.mfa = mfaFailure ? MfaMethod::Totp : MfaMethod::None;
                out.push_back(e);
                out.push_back(success);
            } else {
                e.outcome = Outcome::BadPassword;
                out.push_back(e);
            }
            previousCity = city;
            previousAt = out.back().at;
            previousIp = ip;
        }
    }

    // A suspended customer who keeps trying.
    for (int s = 0; s < c.statusAttempts; ++s) {
        LoginEvent e;
        e.at = c.statusAt + r.span(hour, std::min(7 * day, m_ref - minute - c.statusAt));
        e.outcome = Outcome::Suspended;
        e.city = qint16(c.homeCity);
        e.device = 0;
        e.ip = c.homeIp;
        out.push_back(e);
    }

    if (plan)
        out.insert(out.end(), plan->events.begin(), plan->events.end());
    std::stable_sort(out.begin(), out.end(), [](const LoginEvent& a, const LoginEvent& b) { return a.at < b.at; });

    // Regular typos never stack up: only planted cases lock an account (or come close).
    int streak = 0;
    for (LoginEvent& e : out) {
        if (e.outcome == Outcome::Success) {
            streak = 0;
        } else if (e.outcome == Outcome::BadPassword) {
            if (!e.planted && streak > 0) {
                const bool mfa = c.mfa && !(plan && plan->role == Role::MfaReset && e.at >= plan->actionAt);
                e.outcome = Outcome::Success;
                e.mfa = mfa ? MfaMethod::Totp : MfaMethod::None;
                streak = 0;
            } else {
                ++streak;
            }
        }
    }
}

Status GeneratorRun::checkEmpty()
{
    QSqlQuery query(m_db);
    for (const QString& tableName : {QStringLiteral("customers"), QStringLiteral("audit_events")}) {
        if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM ") + tableName) || !query.next())
            return SqlDialect::errorFrom(query.lastError(), false);
        if (query.value(0).toLongLong() > 0)
            return makeError(ErrorKind::InvalidInput, QStringLiteral("the database already holds %1").arg(tableName));
    }
    return Done{};
}

Status GeneratorRun::deferIndexes()
{
    // Secondary (non-unique) indexes of the tables being filled are dropped for the load and
    // re-created from their own definitions before the commit: one sorted build per index is several
    // times faster than a random-order insert per row, and if anything fails the rollback brings
    // them back untouched. Unique indexes stay, so uniqueness is checked as rows arrive.
    const QString tables =
        QStringLiteral("'customers', 'addresses', 'devices', 'sessions', 'login_events', 'audit_events'");
    const QString sql =
        m_dialect.isPostgres()
            ? QStringLiteral("SELECT format('DROP INDEX %I', c.relname), pg_get_indexdef(c.oid) FROM pg_index x "
                             "JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
                             "WHERE t.relnamespace = current_schema()::regnamespace AND NOT x.indisunique "
                             "AND t.relname IN (%1) ORDER BY c.relname")
                  .arg(tables)
            : QStringLiteral("SELECT 'DROP INDEX \"' || name || '\"', sql FROM sqlite_master WHERE type = 'index' "
                             "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN (%1) ORDER BY name")
                  .arg(tables);
    QSqlQuery query(m_db);
    if (!query.exec(sql))
        return SqlDialect::errorFrom(query.lastError(), false);
    while (query.next())
        m_setAside.emplace_back(query.value(0).toString(), query.value(1).toString());
    for (const auto& [drop, restore] : m_setAside) {
        if (!query.exec(drop))
            return SqlDialect::errorFrom(query.lastError(), false);
    }
    return Done{};
}

Status GeneratorRun::restoreIndexes()
{
    QSqlQuery query(m_db);
    for (const auto& [drop, restore] : m_setAside) {
        if (!query.exec(restore)) {
            Error error = SqlDialect::errorFrom(query.lastError(), false);
            error.detail = restore + QStringLiteral(": ") + error.detail;
            return error;
        }
    }
    m_setAside.clear();
    return Done{};
}

void GeneratorRun::planAttacks()
{
    Rng r(m_options.seed, 0, Stream::Plan);
    const int n = m_customers;
    const qint64 ref = m_ref;
    // Planted cases keep their size from 1,000 customers up, so a demo of any size shows them all.
    auto scaled = [n](int fixed) { return n >= 1000 ? fixed : int(qint64(fixed) * n / 1000); };
    auto established = [ref](const CustomerCore& c) {
        return c.status == CustomerStatus::Active && c.createdAt < ref - 100 * day && c.weight > 0;
    };
    QSet<int> used;
    auto pick = [&](int count, const auto& eligible) {
        std::vector<CustomerCore> chosen;
        int attempts = 0;
        while (int(chosen.size()) < count && attempts++ < count * 40 + 100) {
            const int i = int(r.below(quint64(n)));
            if (used.contains(i))
                continue;
            CustomerCore c = core(i);
            if (!eligible(c))
                continue;
            used.insert(i);
            chosen.push_back(c);
        }
        if (int(chosen.size()) < count) {
            // Few eligible customers left: sweep them in order from a random start.
            const int first = int(r.below(quint64(n)));
            for (int k = 0; k < n && int(chosen.size()) < count; ++k) {
                const int i = (first + k) % n;
                if (used.contains(i))
                    continue;
                CustomerCore c = core(i);
                if (!eligible(c))
                    continue;
                used.insert(i);
                chosen.push_back(c);
            }
        }
        return chosen;
    };
    QSet<quint32> attackerIps{credentialStuffingIp};
    auto attackerIp = [&](int& city) {
        for (;;) {
            city = r.pick(m_catalog.hostingCities);
            const IpAddress ip = cityIpV4(r, m_catalog.cities[size_t(city)]);
            if (!attackerIps.contains(ip.v4)) {
                attackerIps.insert(ip.v4);
                return ip;
            }
        }
    };
    auto own = [](const CustomerCore& c, qint64 at, Outcome outcome) {
        LoginEvent e;
        e.at = at;
        e.outcome = outcome;
        e.city = qint16(c.homeCity);
        e.device = 0;
        e.ip = c.homeIp;
        e.mfa = outcome == Outcome::Success && c.mfa ? MfaMethod::Totp : MfaMethod::None;
        e.planted = true;
        return e;
    };
    auto foreign = [](int city, const IpAddress& ip, qint64 at, Outcome outcome, int agent) {
        LoginEvent e;
        e.at = at;
        e.outcome = outcome;
        e.city = qint16(city);
        e.device = -1;
        e.agent = quint8(agent);
        e.ip = ip;
        e.mfa = outcome == Outcome::MfaFailed ? MfaMethod::Totp : MfaMethod::None;
        e.planted = true;
        return e;
    };
    auto otherCountryCity = [&](const CustomerCore& c, double minimumKm) {
        const City& home = m_catalog.cities[size_t(c.homeCity)];
        for (;;) {
            const int city = r.pick(m_catalog.customerCities);
            const City& there = m_catalog.cities[size_t(city)];
            if (there.country != c.country &&
                haversineKm(home.latitude, home.longitude, there.latitude, there.longitude) >= minimumKm)
                return city;
        }
    };
    auto sortedOffsets = [&](int count, qint64 spread) {
        std::vector<qint64> offsets(size_t(std::max(0, count)));
        for (qint64& offset : offsets)
            offset = r.span(0, spread);
        std::sort(offsets.begin(), offsets.end());
        return offsets;
    };

    // Logins from a new country: the account's history is all at home, then a login from abroad
    // on a device never seen before.
    for (const CustomerCore& c :
         pick(scaled(30), [&](const CustomerCore& c) { return established(c) && c.deviceCount >= 2; })) {
        PlannedCustomer p;
        p.role = Role::NewCountry;
        p.homeOnly = true;
        p.dedicatedDevice = c.deviceCount - 1;
        const qint64 at = m_ref - hour - r.span(0, 6 * day);
        const qint64 history = at - 2 * day - r.span(0, 18 * day);
        p.events.push_back(own(c, history, Outcome::Success));
        const int city = otherCountryCity(c, 0);
        LoginEvent e = own(c, at, Outcome::Success);
        e.city = qint16(city);
        e.ip = cityIpV4(r, m_catalog.cities[size_t(city)]);
        e.device = qint8(p.dedicatedDevice);
        p.events.push_back(e);
        p.quietFrom = at - 2 * day;
        m_plan.insert(c.index, std::move(p));
        m_summary.newCountryCustomers.append(c.id);
    }

    // MFA resets by support (audited).
    for (const CustomerCore& c : pick(scaled(30), [&](const CustomerCore& c) { return established(c) && c.mfa; })) {
        PlannedCustomer p;
        p.role = Role::MfaReset;
        p.actionAt = m_ref - hour - r.span(0, 150 * day);
        m_plan.insert(c.index, std::move(p));
    }

    // Credential stuffing: one IP tries a leaked list of e-mails within an hour, gets into a few
    // accounts without MFA and keeps their sessions.
    const qint64 stuffingStart = m_ref - 26 * hour - r.span(0, 3 * hour);
    const std::vector<CustomerCore> victims =
        pick(scaled(6), [&](const CustomerCore& c) { return established(c) && !c.mfa; });

    // Current lockouts: five bad passwords, then attempts refused as 'locked'.
    for (const CustomerCore& c : pick(scaled(24), established)) {
        PlannedCustomer p;
        p.role = Role::LockedNow;
        const qint64 fifth = m_ref - 40 * minute - r.span(0, 20 * hour);
        int city = c.homeCity;
        const bool fromHome = r.chance(0.5);
        const IpAddress ip = fromHome ? c.homeIp : attackerIp(city);
        qint64 times[DemoDataGenerator::lockoutThreshold];
        times[DemoDataGenerator::lockoutThreshold - 1] = fifth;
        for (int j = DemoDataGenerator::lockoutThreshold - 2; j >= 0; --j)
            times[j] = times[j + 1] - r.span(15 * second, 90 * second);
        for (qint64 at : times)
            p.events.push_back(fromHome ? own(c, at, Outcome::BadPassword)
                                        : foreign(city, ip, at, Outcome::BadPassword, 1));
        for (qint64 offset : sortedOffsets(r.between(1, 3), 40 * minute)) {
            const qint64 at = std::min(fifth + 30 * second + offset, m_ref - second);
            p.events.push_back(fromHome ? own(c, at, Outcome::Locked) : foreign(city, ip, at, Outcome::Locked, 1));
        }
        p.quietFrom = times[0] - hour;
        m_plan.insert(c.index, std::move(p));
        m_summary.lockedCustomers.append(c.id);
    }

    // Lockouts that are over: half expired, half unlocked early by support (audited).
    for (const CustomerCore& c : pick(scaled(8), established)) {
        PlannedCustomer p;
        p.role = Role::LockedBefore;
        const qint64 fifth = m_ref - 7 * day - r.span(0, 53 * day);
        p.unlockAt = r.chance(0.5) ? fifth + r.span(hour, 6 * hour) : 0;
        int city = c.homeCity;
        const bool fromHome = r.chance(0.5);
        const IpAddress ip = fromHome ? c.homeIp : attackerIp(city);
        qint64 first = fifth;
        for (int j = 0; j < DemoDataGenerator::lockoutThreshold; ++j) {
            const qint64 at = fifth - qint64(DemoDataGenerator::lockoutThreshold - 1 - j) * 40 * second;
            first = std::min(first, at);
            p.events.push_back(fromHome ? own(c, at, Outcome::BadPassword)
                                        : foreign(city, ip, at, Outcome::BadPassword, 1));
        }
        for (qint64 offset : sortedOffsets(r.between(0, 2), 40 * minute)) {
            const qint64 at = fifth + 30 * second + offset;
            p.events.push_back(fromHome ? own(c, at, Outcome::Locked) : foreign(city, ip, at, Outcome::Locked, 1));
        }
        p.blockedFrom = first - hour;
        p.blockedTo = (p.unlockAt ? p.unlockAt : fifth + lockDuration) + hour;
        m_plan.insert(c.index, std::move(p));
    }

    // Impossible travel: a login at home, then one thousands of kilometres away within the hour.
    for (const CustomerCore& c : pick(scaled(12), established)) {
        PlannedCustomer p;
        p.role = Role::ImpossibleTravel;
        p.homeOnly = true;
        const qint64 first = m_ref - 2 * hour - r.span(0, 28 * day);
        const qint64 later = first + r.span(20 * minute, 75 * minute);
        const int city = otherCountryCity(c, 3000);
        p.events.push_back(own(c, first, Outcome::Success));
        LoginEvent far = foreign(city, cityIpV4(r, m_catalog.cities[size_t(city)]), later, Outcome::Success, 0);
        far.mfa = c.mfa ? MfaMethod::Totp : MfaMethod::None;
        p.events.push_back(far);
        p.quietFrom = first - 2 * day;
        m_plan.insert(c.index, std::move(p));
        m_summary.impossibleTravelCustomers.append(c.id);
    }

    // Failure bursts: one IP sprays a few accounts, then the backend rate-limits it.
    for (int b = 0, bursts = scaled(15); b < bursts; ++b) {
        int city = 0;
        const IpAddress ip = attackerIp(city);
        const int agent = 1 + int(r.below(3));
        const qint64 start = m_ref - 2 * hour - r.span(0, 83 * day);
        const std::vector<CustomerCore> targets = pick(r.between(3, 5), established);
        // At least four addresses, so no account gets more than three of the ten bad passwords.
        const int unknown = std::max(r.between(1, 3), 4 - int(targets.size()));
        QStringList unknownEmails;
        for (int u = 0; u < unknown; ++u)
            unknownEmails << unknownEmail(r);
        const int listSize = int(targets.size()) + unknown;
        const std::vector<qint64> offsets = sortedOffsets(r.between(12, 20), 8 * minute);
        for (int a = 0; a < int(offsets.size()); ++a) {
            const int entry = a % listSize;
            const bool customer = entry < int(targets.size());
            const Outcome outcome = a >= 10    ? Outcome::RateLimited
                                    : customer ? Outcome::BadPassword
                                               : Outcome::UnknownUser;
            const LoginEvent e = foreign(city, ip, start + offsets[size_t(a)], outcome, agent);
            if (customer) {
                PlannedCustomer& p = m_plan[targets[size_t(entry)].index];
                p.role = Role::BurstTarget;
                p.events.push_back(e);
            } else {
                m_unknownAttempts.push_back({e, unknownEmails.at(entry - int(targets.size()))});
            }
        }
        m_summary.failureBurstIps << ipText(ip);
    }

    // Support cases: one session revoked, or every session.
    for (const CustomerCore& c : pick(scaled(60), established))
        m_plan[c.index].role = Role::SupportRevoke;
    for (const CustomerCore& c : pick(scaled(20), established))
        m_plan[c.index].role = Role::SupportRevokeAll;

    // The stuffing list itself: existing accounts, the victims and addresses nobody has.
    struct Attempt
    {
        int kind = 0; // 0 victim, 1 existing account, 2 unknown address
        CustomerCore customer;
        QString email;
    };
    std::vector<Attempt> attempts;
    for (const CustomerCore& c : victims)
        attempts.push_back({0, c, {}});
    const int targetCount = n >= 1000 ? 320 : n * 32 / 100;
    for (const CustomerCore& c : pick(targetCount, [&](const CustomerCore& c) {
             return c.status != CustomerStatus::Deleted && c.createdAt < stuffingStart - day;
         }))
        attempts.push_back({1, c, {}});
    for (int u = 0, unknown = scaled(90); u < unknown; ++u)
        attempts.push_back({2, {}, unknownEmail(r)});
    for (size_t i = attempts.size(); i > 1; --i)
        std::swap(attempts[i - 1], attempts[size_t(r.below(i))]);
    const std::vector<qint64> offsets = sortedOffsets(int(attempts.size()), 55 * minute);
    const int berlin = m_catalog.berlin;
    IpAddress stuffingIp;
    stuffingIp.v4 = credentialStuffingIp;
    for (size_t a = 0; a < attempts.size(); ++a) {
        const Attempt& attempt = attempts[a];
        const qint64 at = stuffingStart + offsets[a];
        if (attempt.kind == 2) {
            m_unknownAttempts.push_back({foreign(berlin, stuffingIp, at, Outcome::UnknownUser, 0), attempt.email});
            continue;
        }
        PlannedCustomer& p = m_plan[attempt.customer.index];
        if (attempt.kind == 0) {
            p.role = Role::StuffingVictim;
            p.homeOnly = true;
            p.quietFrom = stuffingStart - 2 * day;
            p.events.push_back(foreign(berlin, stuffingIp, at, Outcome::Success, 0));
            m_summary.credentialStuffingVictims.append(attempt.customer.id);
        } else {
            p.role = Role::StuffingTarget;
            const bool mfaStopped = attempt.customer.mfa && r.chance(0.3);
            p.events.push_back(
                foreign(berlin, stuffingIp, at, mfaStopped ? Outcome::MfaFailed : Outcome::BadPassword, 0));
        }
    }
    // Then the backend throttles the IP.
    qint64 last = stuffingStart + (offsets.empty() ? 0 : offsets.back());
    for (int t = 0, tail = scaled(4); t < tail; ++t) {
        last += r.span(20 * second, 90 * second);
        m_unknownAttempts.push_back({foreign(berlin, stuffingIp, last, Outcome::RateLimited, 0), unknownEmail(r)});
    }
    m_summary.credentialStuffingIp = credentialStuffingIpText;
}

void GeneratorRun::planBudget()
{
    qint64 planted = qint64(m_unknownAttempts.size());
    for (const PlannedCustomer& p : std::as_const(m_plan))
        planted += qint64(p.events.size());
    // About 1.5% of attempts name nobody (typos, old addresses); the rest is split by activity.
    const qint64 baseNoise = m_loginEvents * 15 / 1000;
    const qint64 regular = std::max<qint64>(0, m_loginEvents - planted - m_statusAttempts - baseNoise);
    m_ratio = m_totalWeight > 0 ? double(regular) / double(m_totalWeight) : 0.0;
    qint64 assigned = 0;
    for (int i = 0; i < m_customers; ++i)
        assigned += regularLogins(core(i));
    // The unknown-user noise absorbs the rounding, so the total is exactly what was asked for.
    m_noiseEvents = std::max<qint64>(0, m_loginEvents - planted - m_statusAttempts - assigned);
}

Status GeneratorRun::insertCustomers()
{
    BulkInserter rows = table(QStringLiteral("customers"), {QStringLiteral("id"),
                                                            QStringLiteral("email"),
                                                            QStringLiteral("full_name"),
                                                            QStringLiteral("phone"),
                                                            QStringLiteral("status"),
                                                            QStringLiteral("customer_type"),
                                                            QStringLiteral("customer_group"),
                                                            QStringLiteral("loyalty_tier"),
                                                            QStringLiteral("loyalty_points"),
                                                            QStringLiteral("total_spend_cents"),
                                                            QStringLiteral("country"),
                                                            QStringLiteral("email_verified"),
                                                            QStringLiteral("phone_verified"),
                                                            QStringLiteral("mfa_enabled"),
                                                            QStringLiteral("failed_login_attempts"),
                                                            QStringLiteral("locked_until"),
                                                            QStringLiteral("marketing_consent"),
                                                            QStringLiteral("data_processing_consent"),
                                                            QStringLiteral("created_at"),
                                                            QStringLiteral("updated_at"),
                                                            QStringLiteral("last_login_at"),
                                                            QStringLiteral("deleted_at"),
                                                            QStringLiteral("version")});
    if (Status prepared = rows.prepare(); !prepared)
        return prepared;
    for (int i = 0; i < m_customers; ++i) {
        if (shouldReport(i) && !report(Stage::Customers, i, m_customers))
            return cancelled();
        const CustomerCore c = core(i);
        const CustomerProfile p = profile(c);
        const PlannedCustomer* plan = planned(i);
        timelineOf(c, m_timeline);

        // The account state the backend would hold after this history.
        int failed = 0;
        qint64 lockedUntil = 0;
        qint64 lockedAt = 0;
        qint64 lastSuccess = 0;
        const qint64 unlockAt = plan ? plan->unlockAt : 0;
        bool unlocked = false;
        for (const LoginEvent& e : m_timeline) {
            if (unlockAt && !unlocked && e.at > unlockAt) {
                failed = 0;
                lockedUntil = 0;
                unlocked = true;
            }
            if (e.outcome == Outcome::Success) {
                failed = 0;
                lockedUntil = 0;
                lastSuccess = e.at;
            } else if (e.outcome == Outcome::BadPassword && ++failed == DemoDataGenerator::lockoutThreshold) {
                lockedAt = e.at;
                lockedUntil = e.at + lockDuration;
            }
        }
        if (unlockAt && !unlocked && unlockAt <= m_ref) {
            failed = 0;
            lockedUntil = 0;
        }
        const bool mfaReset = plan && plan->role == Role::MfaReset;
        const qint64 updatedAt =
            std::max({c.createdAt, p.editedAt, c.statusAt, lockedAt, unlockAt, mfaReset ? plan->actionAt : 0});

        rows.add(idText(c.id));
        rows.add(p.email);
        rows.add(p.fullName);
        rows.add(textOrNull(p.phone));
        rows.add(toString(c.status));
        rows.add(toString(c.business ? CustomerType::Business : CustomerType::Individual));
        rows.add(p.group);
        rows.add(toString(DemoDataGenerator::tierForSpend(p.spendCents)));
        rows.add(p.points);
        rows.add(p.spendCents);
        rows.add(m_catalog.countries[size_t(c.country)].code);
        rows.add(p.emailVerified);
        rows.add(p.phoneVerified);
        rows.add(c.mfa && !mfaReset);
        rows.add(failed);
        rows.add(timestampOrNull(lockedUntil));
        rows.add(p.marketing);
        rows.add(p.dataProcessing);
        rows.add(timestampAt(c.createdAt));
        rows.add(timestampAt(updatedAt));
        rows.add(timestampOrNull(lastSuccess ? lastSuccess : c.lastLoginBeforeWindow));
        rows.add(timestampOrNull(c.status == CustomerStatus::Deleted ? c.statusAt : 0));
        rows.add(1);
        if (Status row = rows.endRow(); !row)
            return row;
    }
    if (Status done = rows.finish(); !done)
        return done;
    m_summary.customers = rows.inserted();
    return Done{};
}

Status GeneratorRun::insertAddresses()
{
    BulkInserter rows =
        table(QStringLiteral("addresses"),
              {QStringLiteral("id"), QStringLiteral("customer_id"), QStringLiteral("tag"), QStringLiteral("recipient"),
               QStringLiteral("lines"), QStringLiteral("city"), QStringLiteral("region"), QStringLiteral("postal_code"),
               QStringLiteral("country"), QStringLiteral("latitude"), QStringLiteral("longitude"),
               QStringLiteral("delivery_instructions"), QStringLiteral("is_default_shipping"),
               QStringLiteral("is_default_billing")});
    if (Status prepared = rows.prepare(); !prepared)
        return prepared;
    for (int i = 0; i < m_customers; ++i) {
        if (shouldReport(i) && !report(Stage::Addresses, i, m_customers))
            return cancelled();
        const CustomerCore c = core(i);
        const CustomerProfile p = profile(c);
        const Country& country = m_catalog.countries[size_t(c.country)];
        Rng r(m_options.seed, quint64(i), Stream::Addresses);
        AddressTag tags[3] = {c.business ? AddressTag::Work : AddressTag::Home, AddressTag::Work, AddressTag::Other};
        for (int a = 1; a < c.addressCount; ++a)
            tags[a] = r.chance(0.6) ? AddressTag::Work : AddressTag::Other;
        // Some customers are billed at work but receive parcels at home.
        const int billing = c.addressCount > 1 && tags[1] == AddressTag::Work && r.chance(0.3) ? 1 : 0;
        for (int a = 0; a < c.addressCount; ++a) {
            const QUuid id = randomUuid(r);
            const AddressTag tag = tags[a];
            int cityIndex = c.homeCity;
            if (a > 0 && country.cities.size() > 1 && r.chance(0.3))
                cityIndex = r.pick(country.cities);
            const City& city = m_catalog.cities[size_t(cityIndex)];

            QString recipient = p.fullName;
            if (tag == AddressTag::Other && r.chance(0.3)) {
                // A relative at another address.
                const QString& relative = r.pick(r.chance(0.5) ? country.femaleGiven : country.maleGiven);
                recipient = country.order == NameOrder::FamilyMiddleGiven ? QString(p.family + u' ' + relative)
                                                                          : QString(relative + u' ' + p.family);
            }

            const QString& street = r.pick(country.streets);
            const QString number = QString::number(country.code == u"US" ? r.between(100, 9999) : r.between(1, 250));
            QString line;
            switch (country.style) {
            case StreetStyle::NumberStreet:
                line = number + u' ' + street;
                break;
            case StreetStyle::StreetNumber:
                line = street + u' ' + number;
                break;
            case StreetStyle::StreetCommaNumber:
                line = street + QStringLiteral(", ") + number;
                break;
            case StreetStyle::NumberCommaStreet:
                line = number + QStringLiteral(", ") + street;
                break;
            case StreetStyle::Japanese:
                line = QStringLiteral("%1-%2-%3 ").arg(r.between(1, 5)).arg(r.between(1, 30)).arg(r.between(1, 20)) +
                       street;
                break;
            case StreetStyle::RussianHouse:
                line = street + QStringLiteral(", д. ") + number;
                break;
            }
            if (!country.secondLines.isEmpty() && r.chance(0.35))
                line += u'\n' + fillPattern(r, r.pick(country.secondLines));

            const double latitude = roundTo6(city.latitude + 0.03 * r.normal());
            const double longitude =
                roundTo6(city.longitude + 0.03 * r.normal() / std::cos(city.latitude * std::numbers::pi / 180.0));
            QString instructions;
            if (r.chance(0.25)) {
                instructions = !country.instructions.isEmpty() && r.chance(0.5) ? r.pick(country.instructions)
                                                                                : r.pick(m_catalog.commonInstructions);
                if (instructions.contains(u'#'))
                    instructions = fillPattern(r, instructions);
            }

            rows.add(idText(id));
            rows.add(idText(c.id));
            rows.add(toString(tag));
            rows.add(recipient);
            rows.add(line);
            rows.add(city.name);
            rows.add(textOrNull(city.region));
            rows.add(fillPattern(r, city.postal));
            rows.add(city.countryCode);
            rows.add(latitude);
            rows.add(longitude);
            rows.add(textOrNull(instructions));
            rows.add(a == 0);
            rows.add(a == billing);
            if (Status row = rows.endRow(); !row)
                return row;
        }
    }
    if (Status done = rows.finish(); !done)
        return done;
    m_summary.addresses = rows.inserted();
    return Done{};
}

Status GeneratorRun::insertDevices()
{
    BulkInserter rows =
        table(QStringLiteral("devices"),
              {QStringLiteral("id"), QStringLiteral("customer_id"), QStringLiteral("fingerprint"),
               QStringLiteral("name"), QStringLiteral("device_type"), QStringLiteral("os"), QStringLiteral("browser"),
               QStringLiteral("first_seen_at"), QStringLiteral("last_seen_at"), QStringLiteral("last_ip"),
               QStringLiteral("trusted"), QStringLiteral("trusted_at")});
    if (Status prepared = rows.prepare(); !prepared)
        return prepared;
    std::vector<DeviceSketch> devices;
    for (int i = 0; i < m_customers; ++i) {
        if (shouldReport(i) && !report(Stage::Devices, i, m_customers))
            return cancelled();
        const CustomerCore c = core(i);
        const PlannedCustomer* plan = planned(i);
        timelineOf(c, m_timeline);
        devicesOf(c, devices);
        const QString& countryCode = m_catalog.countries[size_t(c.country)].code;
        const bool english = countryCode == u"US" || countryCode == u"GB" || countryCode == u"IN";
        const QString given = english ? profile(c).given : QString();
        for (int d = 0; d < int(devices.size()); ++d) {
            const DeviceSketch& device = devices[size_t(d)];
            const DeviceProfile& spec = m_catalog.devices[size_t(device.profile)];
            // Seen from the first to the last login with it; a device without logins in the window
            // was last used before it.
            qint64 first = 0;
            qint64 last = 0;
            IpAddress lastIp = c.homeIp;
            for (const LoginEvent& e : m_timeline) {
                if (e.device != d)
                    continue;
                if (first == 0)
                    first = e.at;
                last = e.at;
                lastIp = e.ip;
            }
            const bool dedicated = plan && plan->dedicatedDevice == d;
            if (first == 0) {
                const qint64 before = std::max(c.createdAt + minute, std::min(c.windowStart, m_ref - hour));
                first = d == 0 ? c.createdAt + minute
                               : c.createdAt + qint64(device.historyFraction * double(before - c.createdAt));
                last = first + qint64(device.trustFraction * double(before - first));
            } else if (d == 0) {
                first = std::min(first, c.createdAt + minute);
            } else if (!dedicated) {
                first = std::max(c.createdAt + minute, first - qint64(device.historyFraction * 60.0 * double(day)));
            }
            const bool trusted = device.trusted && !dedicated;
            const qint64 trustedAt = trusted ? first + qint64(device.trustFraction * double(last - first)) : 0;
            const QString name = english && d == 0 && device.historyFraction < 0.3
                                     ? given + QStringLiteral("'s ") + spec.model
                                     : spec.model;

            rows.add(idText(device.id));
            rows.add(idText(c.id));
            rows.add(device.fingerprint);
            rows.add(name);
            rows.add(spec.type);
            rows.add(spec.os);
            rows.add(spec.browser);
            rows.add(timestampAt(first));
            rows.add(timestampAt(last));
            rows.add(ipText(lastIp));
            rows.add(trusted);
            rows.add(timestampOrNull(trustedAt));
            if (Status row = rows.endRow(); !row)
                return row;
        }
    }
    if (Status done = rows.finish(); !done)
        return done;
    m_summary.devices = rows.inserted();
    return Done{};
}

Status GeneratorRun::insertSessions()
{
    BulkInserter rows =
        table(QStringLiteral("sessions"),
              {QStringLiteral("id"), QStringLiteral("customer_id"), QStringLiteral("device_id"),
               QStringLiteral("token_hash"), QStringLiteral("ip"), QStringLiteral("user_agent"),
               QStringLiteral("country"), QStringLiteral("created_at"), QStringLiteral("last_seen_at"),
               QStringLiteral("expires_at"), QStringLiteral("revoked_at"), QStringLiteral("revoked_by"),
               QStringLiteral("revoke_reason"), QStringLiteral("revoke_note"), QStringLiteral("metadata")});
    if (Status prepared = rows.prepare(); !prepared)
        return prepared;
    const QString customer = QStringLiteral("customer");
    std::vector<DeviceSketch> devices;
    std::vector<SessionDraft> sessions;
    std::vector<QUuid> ids;
    std::vector<QString> tokens;
    for (int i = 0; i < m_customers; ++i) {
        if (shouldReport(i) && !report(Stage::Sessions, i, m_customers))
            return cancelled();
        const CustomerCore c = core(i);
        const PlannedCustomer* plan = planned(i);
        timelineOf(c, m_timeline);
        devicesOf(c, devices);
        Rng r(m_options.seed, quint64(i), Stream::Sessions);

        // Every successful login opened a session; the sixth active one evicts the oldest.
        sessions.clear();
        for (int e = 0; e < int(m_timeline.size()); ++e) {
            const LoginEvent& login = m_timeline[size_t(e)];
            if (login.outcome != Outcome::Success || login.at < m_ref - sessionRetention)
                continue;
            int active = 0;
            SessionDraft* oldest = nullptr;
            for (SessionDraft& s : sessions) {
                if (!s.activeAt(login.at))
                    continue;
                ++active;
                if (!oldest || s.createdAt < oldest->createdAt)
                    oldest = &s;
            }
            if (active >= DemoDataGenerator::maxActiveSessions && oldest)
                oldest->revoke(login.at, RevokeReason::SessionLimit, QStringLiteral("system"),
                               QStringLiteral("Oldest session evicted: more than 5 active sessions"));
            SessionDraft s;
            s.event = e;
            s.createdAt = login.at;
            s.expiresAt = login.at + sessionLifetime;
            const double roll = r.unit();
            const double delay = r.unit();
            // Planted logins keep their sessions: a later feature revokes them.
            if (!login.planted) {
                qint64 at = 0;
                if (roll < 0.26) {
                    at = login.at + 2 * minute + qint64(-std::log(1.0 - delay) * 1.5 * double(day));
                    if (at < std::min(s.expiresAt, m_ref))
                        s.revoke(at, RevokeReason::UserLogout, customer);
                } else if (roll < 0.29) {
                    at = login.at + hour + qint64(delay * 20.0 * double(day));
                    if (at < std::min(s.expiresAt, m_ref))
                        s.revoke(at, RevokeReason::DeviceRemoved, customer,
                                 QStringLiteral("Device removed in account settings"));
                } else if (roll < 0.30) {
                    at = login.at + minute + qint64(delay * 3.0 * double(day));
                    if (at < std::min(s.expiresAt, m_ref))
                        s.revoke(at, RevokeReason::SecurityAlert, QStringLiteral("risk-engine"),
                                 QStringLiteral("Refresh token reuse detected"));
                }
            }
            sessions.push_back(s);
        }
        ids.clear();
        tokens.clear();
        for (size_t s = 0; s < sessions.size(); ++s) {
            ids.push_back(randomUuid(r));
            // A raw token exists only here, for its hash.
            QByteArray token(32, Qt::Uninitialized);
            for (int part = 0; part < 4; ++part) {
                const quint64 bits = r.next();
                for (int b = 0; b < 8; ++b)
                    token[part * 8 + b] = char(bits >> (8 * b));
            }
            tokens.push_back(QString::fromLatin1(QCryptographicHash::hash(token, QCryptographicHash::Sha256).toHex()));
        }

        auto revokeActive = [&](qint64 at, RevokeReason why, const QString& by, const QString& note) {
            int revoked = 0;
            for (SessionDraft& s : sessions) {
                if (s.activeAt(at)) {
                    s.revoke(at, why, by, note);
                    ++revoked;
                }
            }
            return revoked;
        };
        auto audit = [&](qint64 at, const Operator& actor, const QString& action, const QString& resourceType,
                         const QString& resourceId, const QString& reason, const QJsonValue& before,
                         const QJsonValue& after) {
            if (at >= m_ref - auditTrailAge)
                m_audit.push_back({at, &actor, action, resourceType, resourceId, c.id, reason, before, after});
        };

        if (plan && plan->role == Role::LockedBefore && plan->unlockAt) {
            const Operator& agent = supportAgents[r.below(std::size(supportAgents))];
            const qint64 fifth = plan->events[size_t(DemoDataGenerator::lockoutThreshold - 1)].at;
            audit(plan->unlockAt, agent, QStringLiteral("customer.unlock"), customer, idText(c.id),
                  QStringLiteral("Identity verified by phone"),
                  QJsonObject{{QStringLiteral("failed_login_attempts"), DemoDataGenerator::lockoutThreshold},
                              {QStringLiteral("locked_until"), timestampText(fifth + lockDuration)}},
                  QJsonObject{{QStringLiteral("failed_login_attempts"), 0},
                              {QStringLiteral("locked_until"), QJsonValue::Null}});
            revokeActive(plan->unlockAt + 10 * minute, RevokeReason::PasswordChange, customer,
                         QStringLiteral("Password reset after an account lockout"));
        }
        if (plan && plan->role == Role::MfaReset) {
            const Operator& agent = supportAgents[r.below(std::size(supportAgents))];
            audit(plan->actionAt, agent, QStringLiteral("mfa.reset"), customer, idText(c.id),
                  QStringLiteral("Lost authenticator; identity verified by video call"),
                  QJsonObject{{QStringLiteral("mfa_enabled"), true}},
                  QJsonObject{{QStringLiteral("mfa_enabled"), false}});
        }
        if (plan && plan->role == Role::SupportRevoke) {
            std::vector<size_t> recent;
            for (size_t s = 0; s < sessions.size(); ++s) {
                if (sessions[s].createdAt >= m_ref - sessionLifetime)
                    recent.push_back(s);
            }
            if (!recent.empty()) {
                SessionDraft& s = sessions[r.pick(recent)];
                const qint64 at = s.createdAt + r.span(std::min(10 * minute, (m_ref - s.createdAt) / 2),
                                                       std::min(3 * day, m_ref - minute - s.createdAt));
                const Operator& agent = supportAgents[r.below(std::size(supportAgents))];
                const QString note = QStringLiteral("Customer reported a lost phone");
                if (s.activeAt(at)) {
                    s.revoke(at, RevokeReason::AdminAction, QString::fromLatin1(agent.name), note);
                    audit(at, agent, QStringLiteral("session.revoke"), QStringLiteral("session"),
                          idText(ids[size_t(&s - sessions.data())]), note,
                          QJsonObject{{QStringLiteral("revoked_at"), QJsonValue::Null}},
                          QJsonObject{{QStringLiteral("revoke_reason"), QStringLiteral("admin_action")},
                                      {QStringLiteral("revoked_at"), timestampText(at)}});
                }
            }
        }
        if (plan && plan->role == Role::SupportRevokeAll) {
            qint64 latest = 0;
            for (const SessionDraft& s : sessions)
                latest = std::max(latest, s.createdAt);
            if (latest >= m_ref - sessionLifetime) {
                const qint64 at = latest + r.span(std::min(5 * minute, (m_ref - latest) / 2),
                                                  std::min(2 * hour, m_ref - minute - latest));
                const Operator& officer = securityOfficers[r.below(std::size(securityOfficers))];
                const QString note = QStringLiteral("Customer suspects an account takeover");
                const int revoked =
                    revokeActive(at, RevokeReason::AdminAction, QString::fromLatin1(officer.name), note);
                if (revoked > 0)
                    audit(at, officer, QStringLiteral("session.revoke_all"), customer, idText(c.id), note,
                          QJsonValue::Null, QJsonObject{{QStringLiteral("sessions_revoked"), revoked}});
            }
        }
        if (c.status != CustomerStatus::Active) {
            const bool suspended = c.status == CustomerStatus::Suspended;
            static const QString suspensionReasons[] = {QStringLiteral("Chargeback fraud confirmed"),
                                                        QStringLiteral("Terms of service violation: reselling"),
                                                        QStringLiteral("Payment fraud investigation")};
            const Operator& actor = suspended ? securityOfficers[r.below(std::size(securityOfficers))]
                                              : supportAgents[r.below(std::size(supportAgents))];
            const QString reason = suspended ? suspensionReasons[r.below(std::size(suspensionReasons))]
                                             : QStringLiteral("GDPR erasure request (Art. 17)");
            const int revoked =
                revokeActive(c.statusAt, RevokeReason::AdminAction, QString::fromLatin1(actor.name),
                             suspended ? QStringLiteral("Account suspended") : QStringLiteral("Account deleted"));
            audit(c.statusAt, actor, suspended ? QStringLiteral("customer.suspend") : QStringLiteral("customer.delete"),
                  customer, idText(c.id), reason, QJsonObject{{QStringLiteral("status"), QStringLiteral("active")}},
                  QJsonObject{{QStringLiteral("status"), toString(c.status)},
                              {QStringLiteral("sessions_revoked"), revoked}});
        }

        for (size_t s = 0; s < sessions.size(); ++s) {
            const SessionDraft& session = sessions[s];
            const LoginEvent& login = m_timeline[size_t(session.event)];
            const qint64 end = std::min({session.revokedAt ? session.revokedAt : m_ref, session.expiresAt, m_ref});
            const double seen = r.unit();
            // Active sessions were used recently; ended ones some time before they ended.
            const qint64 lastSeen = session.revokedAt || session.expiresAt <= m_ref
                                        ? session.createdAt + qint64(seen * double(end - session.createdAt))
                                        : end - qint64(seen * double(std::min(3 * day, end - session.createdAt)));
            const DeviceProfile* spec =
                login.device >= 0 ? &m_catalog.devices[size_t(devices[size_t(login.device)].profile)] : nullptr;
            const bool remember = r.chance(0.7);
            const QString metadata = QStringLiteral("{\"app_version\":\"%1\",\"client\":\"%2\",\"remember_me\":%3}")
                                         .arg(spec ? spec->appVersion : QStringLiteral("web-5.14.0"),
                                              spec ? spec->client : QStringLiteral("web"),
                                              spec && remember ? QStringLiteral("true") : QStringLiteral("false"));
            rows.add(idText(ids[s]));
            rows.add(idText(c.id));
            rows.add(login.device >= 0 ? QVariant(idText(devices[size_t(login.device)].id)) : nullText());
            rows.add(tokens[s]);
            rows.add(ipText(login.ip));
            rows.add(spec ? spec->userAgent : m_catalog.attackerAgents.at(login.agent));
            rows.add(m_catalog.cities[size_t(login.city)].countryCode);
            rows.add(timestampAt(session.createdAt));
            rows.add(timestampAt(lastSeen));
            rows.add(timestampAt(session.expiresAt));
            rows.add(timestampOrNull(session.revokedAt));
            rows.add(textOrNull(session.revokedBy));
            rows.add(revokeReasonText(session.reason));
            rows.add(textOrNull(session.note));
            rows.add(metadata);
            if (Status row = rows.endRow(); !row)
                return row;
        }
    }
    if (Status done = rows.finish(); !done)
        return done;
    m_summary.sessions = rows.inserted();
    return Done{};
}

void GeneratorRun::addLoginRow(BulkInserter& rows, const QUuid& id, const QUuid& customerId, const QString& email,
                               const LoginEvent& event, const QUuid& deviceId, const QString& userAgent) const
{
    const City& city = m_catalog.cities[size_t(event.city)];
    rows.add(idText(id));
    rows.add(idOrNull(customerId));
    rows.add(email);
    rows.add(timestampAt(event.at));
    rows.add(ipText(event.ip));
    rows.add(userAgent);
    rows.add(idOrNull(deviceId));
    rows.add(city.countryCode);
    rows.add(city.geoName);
    rows.add(city.latitude);
    rows.add(city.longitude);
    rows.add(event.outcome == Outcome::Success);
    rows.add(failureReason(event.outcome));
    rows.add(mfaMethodText(event.mfa));
}

Status GeneratorRun::insertLoginEvents()
{
    BulkInserter rows = table(QStringLiteral("login_events"),
                              {QStringLiteral("id"), QStringLiteral("customer_id"), QStringLiteral("email"),
                               QStringLiteral("occurred_at"), QStringLiteral("ip"), QStringLiteral("user_agent"),
                               QStringLiteral("device_id"), QStringLiteral("country"), QStringLiteral("city"),
                               QStringLiteral("latitude"), QStringLiteral("longitude"), QStringLiteral("success"),
                               QStringLiteral("failure_reason"), QStringLiteral("mfa_method")});
    if (Status prepared = rows.prepare(); !prepared)
        return prepared;
    const qint64 unknownTotal = qint64(m_unknownAttempts.size()) + m_noiseEvents;
    const qint64 steps = qint64(m_customers) + unknownTotal / 10;
    std::vector<DeviceSketch> devices;
    for (int i = 0; i < m_customers; ++i) {
        if (shouldReport(i) && !report(Stage::LoginEvents, i, steps))
            return cancelled();
        const CustomerCore c = core(i);
        timelineOf(c, m_timeline);
        if (m_timeline.empty())
            continue;
        const CustomerProfile p = profile(c);
        devicesOf(c, devices);
        Rng ids(m_options.seed, quint64(i), Stream::EventIds);
        for (const LoginEvent& e : m_timeline) {
            const bool known = e.device >= 0;
            const DeviceSketch* device = known ? &devices[size_t(e.device)] : nullptr;
            addLoginRow(rows, randomUuid(ids), c.id, p.email, e, device ? device->id : QUuid(),
                        device ? m_catalog.devices[size_t(device->profile)].userAgent
                               : m_catalog.attackerAgents.at(e.agent));
            if (Status row = rows.endRow(); !row)
                return row;
        }
    }

    Rng ids(m_options.seed, quint64(m_customers), Stream::EventIds);
    for (const UnknownAttempt& attempt : m_unknownAttempts) {
        addLoginRow(rows, randomUuid(ids), QUuid(), attempt.email, attempt.event, QUuid(),
                    m_catalog.attackerAgents.at(attempt.event.agent));
        if (Status row = rows.endRow(); !row)
            return row;
    }
    // Typos and forgotten addresses from ordinary clients, spread over the window.
    Rng r(m_options.seed, 0, Stream::Noise);
    for (qint64 j = 0; j < m_noiseEvents; ++j) {
        if (((j + 1) & 2047) == 0 && !report(Stage::LoginEvents, m_customers + j / 10, steps))
            return cancelled();
        const Country& country = m_catalog.countries[size_t(r.weighted(m_catalog.countryWeights))];
        LoginEvent e;
        e.city = qint16(country.cities[size_t(r.weighted(country.cityWeights))]);
        const City& city = m_catalog.cities[size_t(e.city)];
        const Interval window{m_ref - loginWindow, m_ref - minute};
        e.at = diurnalTime(r, &window, 1, window.to - window.from, city.utcOffsetMinutes);
        e.outcome = Outcome::UnknownUser;
        e.ip = cityIpV4(r, city);
        const QString& userAgent = m_catalog.devices[size_t(r.weighted(m_catalog.deviceWeights))].userAgent;
        addLoginRow(rows, randomUuid(r), QUuid(), unknownEmail(r), e, QUuid(), userAgent);
        if (Status row = rows.endRow(); !row)
            return row;
    }
    if (Status done = rows.finish(); !done)
        return done;
    m_summary.loginEvents = rows.inserted();
    return Done{};
}

Status GeneratorRun::insertAuditEvents()
{
    if (!report(Stage::AuditEvents, 0, 1))
        return cancelled();
    Rng r(m_options.seed, 0, Stream::Audit);
    // Everyday operator work that changes nothing but is audited all the same.
    static const QString revealReasons[] = {QStringLiteral("Verification call with the customer"),
                                            QStringLiteral("Courier needs the phone number"),
                                            QStringLiteral("Chargeback dispute")};
    const int reveals = m_customers >= 1000 ? 80 : m_customers * 8 / 100;
    for (int j = 0; j < reveals; ++j) {
        const CustomerCore c = core(int(r.below(quint64(m_customers))));
        const qint64 at = m_ref - r.span(10 * minute, auditTrailAge);
        if (c.status == CustomerStatus::Deleted || at < c.createdAt)
            continue;
        QJsonArray fields{QStringLiteral("phone")};
        if (r.chance(0.4))
            fields.prepend(QStringLiteral("email"));
        m_audit.push_back({at, &supportAgents[r.below(std::size(supportAgents))], QStringLiteral("pii.reveal"),
                           QStringLiteral("customer"), idText(c.id), c.id,
                           revealReasons[r.below(std::size(revealReasons))], QJsonValue::Null,
                           QJsonObject{{QStringLiteral("fields"), fields}}});
    }
    static const QString segments[] = {
        QStringLiteral("Gold and platinum customers"), QStringLiteral("Dormant for 90 days"),
        QStringLiteral("Vietnam, marketing consent"), QStringLiteral("Locked or suspended accounts")};
    for (int j = 0; j < 12; ++j) {
        const qint64 at = m_ref - r.span(hour, auditTrailAge);
        const Operator& actor = r.chance(0.5) ? admins[0] : securityOfficers[r.below(std::size(securityOfficers))];
        const quint64 tag = r.next();
        m_audit.push_back(
            {at, &actor, QStringLiteral("export.create"), QStringLiteral("export"),
             QStringLiteral("export-") + hex64(tag).left(12), QUuid(), QStringLiteral("Monthly compliance report"),
             QJsonValue::Null,
             QJsonObject{{QStringLiteral("format"), r.chance(0.5) ? QStringLiteral("csv") : QStringLiteral("jsonl")},
                         {QStringLiteral("rows"), qint64(1 + r.below(quint64(m_customers)))},
                         {QStringLiteral("segment"), segments[r.below(std::size(segments))]}}});
    }
    // The chain runs in time order.
    std::stable_sort(m_audit.begin(), m_audit.end(),
                     [](const AuditDraft& a, const AuditDraft& b) { return a.at < b.at; });

    BulkInserter rows = table(QStringLiteral("audit_events"),
                              {QStringLiteral("id"), QStringLiteral("occurred_at"), QStringLiteral("actor"),
                               QStringLiteral("actor_role"), QStringLiteral("action"), QStringLiteral("resource_type"),
                               QStringLiteral("resource_id"), QStringLiteral("customer_id"), QStringLiteral("reason"),
                               QStringLiteral("before_state"), QStringLiteral("after_state"),
                               QStringLiteral("prev_hash"), QStringLiteral("hash")});
    if (Status prepared = rows.prepare(); !prepared)
        return prepared;
    Rng ids(m_options.seed, 1, Stream::Audit);
    QString previous = auditGenesisHash();
    auto jsonText = [](const QJsonValue& value) {
        return value.isObject()
                   ? QVariant(QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact)))
                   : nullText();
    };
    for (const AuditDraft& draft : m_audit) {
        AuditChainEntry entry;
        entry.id = randomUuid(ids);
        entry.occurredAt = QDateTime::fromMSecsSinceEpoch(draft.at, Qt::UTC);
        entry.actor = QString::fromLatin1(draft.actor->name);
        entry.actorRole = QString::fromLatin1(draft.actor->role);
        entry.action = draft.action;
        entry.resourceType = draft.resourceType;
        entry.resourceId = draft.resourceId;
        entry.customerId = draft.customerId;
        entry.reason = draft.reason;
        entry.beforeState = draft.before;
        entry.afterState = draft.after;
        const QString hash = auditEventHash(previous, auditCanonicalFields(entry));
        rows.add(idText(entry.id));
        rows.add(timestampAt(draft.at));
        rows.add(entry.actor);
        rows.add(entry.actorRole);
        rows.add(entry.action);
        rows.add(entry.resourceType);
        rows.add(textOrNull(entry.resourceId));
        rows.add(idOrNull(entry.customerId));
        rows.add(textOrNull(entry.reason));
        rows.add(jsonText(entry.beforeState));
        rows.add(jsonText(entry.afterState));
        rows.add(previous);
        rows.add(hash);
        if (Status row = rows.endRow(); !row)
            return row;
        previous = hash;
    }
    if (Status done = rows.finish(); !done)
        return done;
    m_summary.auditEvents = rows.inserted();
    if (!report(Stage::AuditEvents, 1, 10))
        return cancelled();
    return Done{};
}

/// Rolls back unless committed, so an error or a cancel leaves nothing behind.
class Transaction
{
public:
    explicit Transaction(QSqlDatabase& db)
        : m_db(db)
    {
    }
    ~Transaction()
    {
        if (m_open)
            m_db.rollback();
    }
    Status begin()
    {
        if (!m_db.transaction())
            return SqlDialect::errorFrom(m_db.lastError(), false);
        m_open = true;
        return Done{};
    }
    Status commit()
    {
        if (!m_db.commit())
            return SqlDialect::errorFrom(m_db.lastError(), false);
        m_open = false;
        return Done{};
    }

private:
    QSqlDatabase& m_db;
    bool m_open = false;
};

/// A larger SQLite page cache while loading (random UUID keys touch pages all over the indexes),
/// restored afterwards since the connection is shared with other work.
class SqliteCacheBoost
{
public:
    explicit SqliteCacheBoost(QSqlDatabase& db, bool enabled)
        : m_db(db)
    {
        if (!enabled)
            return;
        QSqlQuery query(m_db);
        if (query.exec(QStringLiteral("PRAGMA cache_size")) && query.next()) {
            m_previous = query.value(0).toLongLong();
            m_active = query.exec(QStringLiteral("PRAGMA cache_size = -262144"));
        }
    }
    ~SqliteCacheBoost()
    {
        if (!m_active)
            return;
        QSqlQuery query(m_db);
        query.exec(QStringLiteral("PRAGMA cache_size = %1").arg(m_previous));
    }

private:
    QSqlDatabase& m_db;
    qint64 m_previous = 0;
    bool m_active = false;
};

Result<DemoDataSummary> GeneratorRun::execute()
{
    if (m_customers < 1 || m_customers > 50'000'000)
        return makeError(ErrorKind::InvalidInput, QStringLiteral("customers must be 1 to 50,000,000"));
    if (m_options.loginEvents < -1)
        return makeError(ErrorKind::InvalidInput, QStringLiteral("loginEvents must be -1 or more"));
    if (Status empty = checkEmpty(); !empty)
        return empty.error();
    m_summary.referenceTime = QDateTime::fromMSecsSinceEpoch(m_ref, Qt::UTC);

    SqliteCacheBoost cache(m_db, !m_dialect.isPostgres());
    Transaction transaction(m_db);
    if (Status begun = transaction.begin(); !begun)
        return begun.error();
    if (!report(Stage::Customers, 0, 1))
        return cancelled().error();

    // Planning: the activity weights, the attacks, then the login budget that is left.
    for (int i = 0; i < m_customers; ++i) {
        const CustomerCore c = core(i);
        m_totalWeight += c.weight;
        m_statusAttempts += c.statusAttempts;
    }
    planAttacks();
    planBudget();

    using StageFunction = Status (GeneratorRun::*)();
    static constexpr StageFunction stages[] = {&GeneratorRun::insertCustomers,   &GeneratorRun::insertAddresses,
                                               &GeneratorRun::insertDevices,     &GeneratorRun::insertSessions,
                                               &GeneratorRun::insertLoginEvents, &GeneratorRun::insertAuditEvents};
    if (Status deferred = deferIndexes(); !deferred)
        return deferred.error();
    for (StageFunction stage : stages) {
        if (Status done = (this->*stage)(); !done)
            return done.error();
    }
    if (Status restored = restoreIndexes(); !restored)
        return restored.error();
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    // Fresh statistics, so the first searches get the plans the data calls for rather than
    // waiting for autovacuum (PostgreSQL) or never having any (SQLite).
    // (The tables by name: a database-wide ANALYZE warns about shared catalogs it may not touch.)
    QSqlQuery(m_db).exec(m_dialect.isPostgres()
                             ? QStringLiteral("ANALYZE customers, addresses, devices, sessions, login_events, "
                                              "audit_events")
                             : QStringLiteral("ANALYZE"));
    // Move the load out of SQLite's write-ahead log now, on this worker, rather than when the
    // connection closes (possibly waited for by the GUI thread).
    if (!m_dialect.isPostgres())
        QSqlQuery(m_db).exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    if (m_progress)
        m_progress(100, QStringLiteral("done"));
    return m_summary;
}

} // namespace

DemoDataGenerator::DemoDataGenerator(DemoDataOptions options)
    : m_options(std::move(options))
{
}

Result<DemoDataSummary> DemoDataGenerator::generate(QSqlDatabase& db, const SqlDialect& dialect,
                                                    const Progress& progress)
{
    GeneratorRun run(m_options, db, dialect, progress);
    return run.execute();
}

QFuture<Result<DemoDataSummary>> DemoDataGenerator::start(SqlConnectionPool& pool, DemoDataOptions options)
{
    using R = Result<DemoDataSummary>;
    return pool.runWithPromise<R>(
        [options = std::move(options), dialect = pool.dialect()](QPromise<R>& promise, QSqlDatabase& db) {
            promise.setProgressRange(0, 100);
            promise.setProgressValueAndText(0, QStringLiteral("migrating"));
            if (Result<int> migrated = SchemaMigrator(dialect).migrate(db); !migrated) {
                promise.addResult(R(migrated.error()));
                return;
            }
            DemoDataGenerator generator(options);
            R result = generator.generate(db, dialect, [&promise](int percent, const QString& stage) {
                promise.setProgressValueAndText(percent, stage);
                return !promise.isCanceled();
            });
            // A cancelled promise drops its result: the future ends cancelled.
            promise.addResult(std::move(result));
        });
}

LoyaltyTier DemoDataGenerator::tierForSpend(qint64 totalSpendCents)
{
    if (totalSpendCents >= 1'000'000)
        return LoyaltyTier::Platinum;
    if (totalSpendCents >= 200'000)
        return LoyaltyTier::Gold;
    if (totalSpendCents >= 50'000)
        return LoyaltyTier::Silver;
    return LoyaltyTier::Bronze;
}

QDateTime DemoDataGenerator::effectiveReferenceTime(const DemoDataOptions& options)
{
    if (options.referenceTime.isValid())
        return options.referenceTime.toUTC();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    return QDateTime::fromMSecsSinceEpoch(now - now % hour, Qt::UTC);
}

} // namespace idc
